namespace FhirChain.FhirApi.Log;

/// <summary>A stored version's JSON claims a different type, id or version than the row it is stored in.</summary>
internal sealed class StoredIdentityMismatchException(string message) : Exception(message);
