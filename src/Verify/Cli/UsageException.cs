namespace FhirChain.Verify.Cli;

/// <summary>A bad argument or an unreadable input file; the message names the argument. Exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
