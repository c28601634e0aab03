//! The formats supervisors write (guidelines and scenarios), how they are read, and how they are checked.

pub mod catalog;
pub mod check;
pub mod facts;
pub mod items;
pub mod lex;
pub mod load;
pub mod model;

pub use catalog::{Catalog, CatalogEntry};
pub use load::SourceFile;
pub use model::*;
