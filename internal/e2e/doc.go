// Package e2e holds crosscheck's end-to-end reliability and security tests:
// they run the real program (a binary built once per test run, or the web
// server in-process) against generated corpora, kill it, load it, and feed
// it hostile input. It has no non-test code beyond this comment; see
// docs/RELIABILITY.md for what each test guarantees.
package e2e
