namespace FhirChain.FhirApi.Log;

/// <summary>The stored log contradicts what the server has signed: truncated, rolled back, forked or edited.</summary>
internal sealed class LogIntegrityException(string message) : Exception(message);
