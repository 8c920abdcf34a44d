using System.Text.Json;
using FhirChain.Provenance.Merkle;
using FhirChain.Provenance.Notes;

namespace FhirChain.Verify.Proofs;

/// <summary>Verifies that a newer signed checkpoint extends an older one. Pure: no I/O.</summary>
internal static class ConsistencyVerification
{
    public static VerifyOutcome Verify(string oldCheckpoint, string newCheckpoint, IReadOnlyList<byte[]> proof, NoteVerifier key)
    {
        if (ResourceVerification.OpenCheckpoint(oldCheckpoint, key, "old checkpoint", out var old) is { } oldFailure)
        {
            return oldFailure;
        }

        if (ResourceVerification.OpenCheckpoint(newCheckpoint, key, "new checkpoint", out var current) is { } newFailure)
        {
            return newFailure;
        }

        if (old!.Origin != current!.Origin)
        {
            return VerifyOutcome.Fail($"origin mismatch: old checkpoint is for '{old.Origin}', new checkpoint for '{current.Origin}'");
        }

        if (old.Size > current.Size)
        {
            return VerifyOutcome.Fail($"the old checkpoint ({old.Size} leaves) is larger than the new one ({current.Size} leaves)");
        }

        var result = ProofVerifier.VerifyConsistency(old.Size, current.Size, proof, old.RootHash, current.RootHash);
        return result.IsValid ? VerifyOutcome.Success : VerifyOutcome.Fail($"consistency proof: {result.Reason}");
    }

    /// <summary>Parses <c>{"hashes": ["base64", ...]}</c>.</summary>
    /// <exception cref="FormatException">Not that shape.</exception>
    public static IReadOnlyList<byte[]> ParseProof(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("hashes", out var hashes) || hashes.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("expected {\"hashes\": [\"base64\", ...]}");
            }

            return hashes.EnumerateArray()
                .Select(h => h.ValueKind == JsonValueKind.String
                    ? Convert.FromBase64String(h.GetString()!)
                    : throw new FormatException("every hash must be a base64 string"))
                .ToList();
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not valid JSON: {ex.Message}", ex);
        }
    }
}
