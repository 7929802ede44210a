// The suite runs real sshd, PostgreSQL, /proc and Unix file modes: it is a Linux suite, and says so once here
// instead of guarding each Unix-only call.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
