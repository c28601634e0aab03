#!/usr/bin/python3
"""Reads and drives replydesk as the Orca screen reader does, over AT-SPI (pyatspi).

Finds the application, reads scenario titles and buttons by role and name, activates
"Practice" through the action interface, and finds the Briefing's "Start shift".
Exits non-zero with a sentence saying which step failed.
"""
import sys
import time

import pyatspi


def fail(message):
    print("a11y: " + message, file=sys.stderr)
    sys.exit(1)


def walk(node, depth=0):
    if node is None or depth > 60:
        return
    yield node
    try:
        count = node.childCount
    except Exception:
        return
    for i in range(count):
        try:
            child = node.getChildAtIndex(i)
        except Exception:
            continue
        yield from walk(child, depth + 1)


def role(node):
    try:
        return node.getRoleName()
    except Exception:
        return ""


def name(node):
    try:
        return node.name or ""
    except Exception:
        return ""


def find_app(timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            if app is not None and "replydesk" in name(app).lower():
                return app
        time.sleep(0.5)
    names = []
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        names.append(name(desktop.getChildAtIndex(i)))
    fail("no replydesk application on the AT-SPI bus within %ds (found: %s)" % (timeout, names))


def wait_for(app, predicate, what, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        for node in walk(app):
            if predicate(node):
                return node
        time.sleep(0.3)
    seen = sorted({"%s '%s'" % (role(n), name(n)) for n in walk(app) if name(n)})
    fail("%s was not found within %ds; the tree holds: %s" % (what, timeout, seen[:60]))


def main():
    title = sys.argv[1] if len(sys.argv) > 1 else "A question and its thanks"
    app = find_app(60)
    print("a11y: found application '%s'" % name(app))
    heading = wait_for(app, lambda n: name(n) == title, "the scenario title '%s'" % title, 60)
    print("a11y: read '%s' (%s)" % (name(heading), role(heading)))
    practice = wait_for(
        app,
        lambda n: role(n) in ("push button", "button") and name(n) == "Practice",
        "a push button named 'Practice'",
        30,
    )
    print("a11y: found %s 'Practice'" % role(practice))
    action = practice.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    if not names:
        fail("'Practice' offers no action to a screen reader")
    print("a11y: 'Practice' actions: %s" % names)
    action.doAction(0)
    start = wait_for(
        app,
        lambda n: role(n) in ("push button", "button") and name(n) == "Start shift",
        "the Briefing's 'Start shift' button after activating 'Practice'",
        30,
    )
    print("a11y: activated 'Practice' and found %s 'Start shift'" % role(start))


if __name__ == "__main__":
    main()
