namespace FhirChain.FhirApi.Log;

/// <summary>A tree size and root the log has signed, with the signed note.</summary>
internal sealed record SignedTree(long Size, byte[] RootHash, string SignedNote);
