using FhirChain.Provenance.Leaves;
using FhirChain.Provenance.Merkle;
using FhirChain.Provenance.Notes;
using FhirChain.Verify.Resources;

namespace FhirChain.Verify.Proofs;

/// <summary>
/// Verifies one resource version against the server's <c>$verify</c> output, step by step as
/// docs/provenance.md section 5 says. Pure: no I/O.
/// </summary>
internal static class ResourceVerification
{
    /// <summary>Verifies a version; <paramref name="canonicalContent"/> is null for a delete.</summary>
    public static VerifyOutcome Verify(
        ResourceIdentity identity, byte[]? canonicalContent, VerifyParameters proof, NoteVerifier key)
    {
        if (!proof.ServerVerified)
        {
            return VerifyOutcome.Fail("the server reported verified=false for this version");
        }

        var isDelete = proof.Operation == LeafOperation.Delete;
        if (isDelete != canonicalContent is null)
        {
            return VerifyOutcome.Fail(isDelete
                ? "the proof is for a delete, but a resource was given (use --deleted)"
                : $"the proof is for a {LeafV1.OperationName(proof.Operation)}, but no resource was given");
        }

        // Steps 1-2: the salted content digest.
        byte[]? digest = null;
        if (canonicalContent is not null)
        {
            if (proof.Salt is not { Length: ContentDigest.SaltSize })
            {
                return VerifyOutcome.Fail("the proof has no 32-byte salt for this version");
            }

            digest = ContentDigest.Compute(proof.Salt, canonicalContent);
        }

        // Step 3: the leaf and its hash.
        byte[] leafHash;
        try
        {
            leafHash = new LeafV1(
                proof.Operation, identity.ResourceType, identity.Id, identity.VersionId, identity.LastUpdated, digest,
                proof.PreviousLeafHash).Hash();
        }
        catch (FormatException ex)
        {
            return VerifyOutcome.Fail($"cannot build the leaf: {ex.Message}");
        }

        if (!leafHash.AsSpan().SequenceEqual(proof.LeafHash))
        {
            return VerifyOutcome.Fail(
                $"leaf hash mismatch: expected {Hex(proof.LeafHash)} (from the proof), calculated {Hex(leafHash)} " +
                "(the resource content, salt, operation, previous leaf hash or meta fields differ from what was logged)");
        }

        // Step 4: the leaf is in the tree.
        var inclusion = ProofVerifier.VerifyInclusion(leafHash, proof.LeafIndex, proof.TreeSize, proof.InclusionProof, proof.RootHash);
        if (!inclusion.IsValid)
        {
            return VerifyOutcome.Fail($"inclusion proof: {inclusion.Reason}");
        }

        // Steps 5-6: the tree head is signed by the log's key.
        return CheckpointMatches(proof.Checkpoint, key, proof.TreeSize, proof.RootHash);
    }

    /// <summary>Opens a signed checkpoint with the key and checks its size and root.</summary>
    public static VerifyOutcome CheckpointMatches(string signedCheckpoint, NoteVerifier key, long treeSize, byte[] rootHash)
    {
        var opened = OpenCheckpoint(signedCheckpoint, key, "checkpoint", out var checkpoint);
        if (opened is not null)
        {
            return opened;
        }

        if (checkpoint!.Size != treeSize)
        {
            return VerifyOutcome.Fail($"checkpoint tree size mismatch: expected {treeSize} (from the proof), checkpoint has {checkpoint.Size}");
        }

        return checkpoint.RootHash.AsSpan().SequenceEqual(rootHash)
            ? VerifyOutcome.Success
            : VerifyOutcome.Fail(
                $"checkpoint root hash mismatch: expected {Hex(rootHash)} (from the proof), checkpoint has {Hex(checkpoint.RootHash)}");
    }

    /// <summary>Opens and parses a signed checkpoint; null when it verified, else the failure.</summary>
    public static VerifyOutcome? OpenCheckpoint(string signedCheckpoint, NoteVerifier key, string label, out Checkpoint? checkpoint)
    {
        checkpoint = null;
        var opened = key.Open(signedCheckpoint);
        if (!opened.IsVerified)
        {
            return VerifyOutcome.Fail($"{label} signature: {opened.Reason}");
        }

        var parsed = Checkpoint.Parse(opened.Text!);
        if (!parsed.IsValid)
        {
            return VerifyOutcome.Fail($"{label}: {parsed.Error}");
        }

        checkpoint = parsed.Checkpoint;
        return null;
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
