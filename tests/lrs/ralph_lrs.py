"""Starts Ralph (ralph-malph 5.1.0), a real xAPI Learning Record Store, for replydesk's tests.

    python ralph_lrs.py PORT DATA_DIR [CERT KEY]

Ralph is configured through the environment before it is imported: its file-system backend,
writing under DATA_DIR, the credentials file DATA_DIR/auth.json (made with `ralph auth`), and
its write history, DATA_DIR/history.json.
With CERT and KEY it serves HTTPS.
"""

import os
import sys

port, data = int(sys.argv[1]), sys.argv[2]
os.environ["RALPH_RUNSERVER_BACKEND"] = "fs"
os.environ["RALPH_AUTH_FILE"] = os.path.join(data, "auth.json")
os.environ["RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH"] = data
# Ralph keeps a history of every write in one file, by default under the user's home and
# rewritten whole on each write: shared by every Ralph the tests start at once, it grew and was
# corrupted by two writing together. Each Ralph keeps its own, beside its data.
os.environ["RALPH_HISTORY_FILE"] = os.path.join(data, "history.json")

import uvicorn  # noqa: E402
from ralph.backends.data.base import BaseOperationType  # noqa: E402
from ralph.backends.lrs.fs import FSLRSBackend  # noqa: E402

# Ralph 5.1.0's file-system backend fails every write after the first: its default operation
# type is "create", which refuses to write to the statements file once it exists. Statements
# are meant to be appended to it, so make "append" the default before the app starts.
FSLRSBackend.default_operation_type = BaseOperationType.APPEND

tls = {}
if len(sys.argv) >= 5:
    tls = {"ssl_certfile": sys.argv[3], "ssl_keyfile": sys.argv[4]}

uvicorn.run("ralph.api:app", host="127.0.0.1", port=port, log_level="warning", **tls)
