using System.Globalization;
using System.Text;
using FhirChain.FhirApi.Storage;
using FhirChain.Provenance.Leaves;
using FhirChain.Provenance.Merkle;

namespace FhirChain.FhirApi.Log;

/// <summary>
/// Checks a stored version against the provenance log: its content re-hashes to a leaf, and that
/// leaf is included in the newest signed tree (the inclusion proof is built from stored nodes and
/// verified against the signed root). Used on every read and by <c>$verify</c>.
/// </summary>
internal sealed class LogVerifier(CheckpointService checkpoints, VerifiedNodeCache cache, RebuiltLeafCache leaves)
{
    /// <summary>
    /// Proves a stored version. With <paramref name="useCache"/> (the read path) proof nodes already
    /// verified are taken from memory; without it (<c>$verify</c>) every node is read from storage.
    /// </summary>
    public async Task<VersionProof> ProveAsync(FhirDbContext db, ResourceVersionRow row, CancellationToken cancellationToken, bool useCache = false)
    {
        LeafV1 leaf;
        long provenAtSize = 0;
        try
        {
            if (useCache)
            {
                (leaf, provenAtSize) = leaves.GetOrRebuild(row);
            }
            else
            {
                leaf = RebuildLeaf(row);
            }
        }
        catch (FormatException ex)
        {
            return Failed(row, null, null, $"The stored content of {row.ResourceType}/{row.ResourceId} version {row.VersionId} no longer parses: {ex.Message}");
        }
        catch (StoredIdentityMismatchException ex)
        {
            return Failed(row, null, null, ex.Message);
        }

        var leafHash = leaf.Hash();
        SignedTree tree;
        IReadOnlyList<byte[]> proof;
        IReadOnlyList<byte[]> fetched;
        IReadOnlyList<Provenance.Merkle.NodeId> ids;
        try
        {
            tree = await checkpoints.GetCoveringAsync(db, row.LeafIndex + 1, cancellationToken);
            if (row.LeafIndex >= tree.Size)
            {
                return Failed(row, leaf, leafHash, $"Leaf {row.LeafIndex} is beyond the signed tree of {tree.Size} leaves.");
            }

            if (useCache && provenAtSize == tree.Size)
            {
                // The same stored bytes gave the same leaf, already proven in this same signed tree.
                return new VersionProof(true, null, row.LeafIndex, leaf, leafHash, row.Salt, tree, []);
            }

            var plan = ProofPlanner.Inclusion(row.LeafIndex, tree.Size);
            fetched = await FetchAsync(db, plan.Ids, useCache, cancellationToken);
            proof = plan.Rehash(fetched);
            ids = plan.Ids;
        }
        catch (LogIntegrityException ex)
        {
            return Failed(row, leaf, leafHash, ex.Message);
        }
        catch (MissingLogNodeException ex)
        {
            return Failed(row, leaf, leafHash, ex.Message);
        }

        var result = ProofVerifier.VerifyInclusion(leafHash, row.LeafIndex, tree.Size, proof, tree.RootHash);
        if (result.IsValid)
        {
            cache.AddVerified(ids, fetched);
            if (useCache)
            {
                leaves.Proven(row.LeafIndex, tree.Size);
            }
        }
        else if (useCache)
        {
            cache.Clear();
            leaves.Forget(row.LeafIndex);
        }
        return new VersionProof(
            result.IsValid,
            result.IsValid ? null : $"{row.ResourceType}/{row.ResourceId} version {row.VersionId} does not match leaf {row.LeafIndex} of the signed log: {result.Reason}",
            row.LeafIndex,
            leaf,
            leafHash,
            row.Salt,
            tree,
            proof);
    }

    private async Task<IReadOnlyList<byte[]>> FetchAsync(FhirDbContext db, IReadOnlyList<Provenance.Merkle.NodeId> ids, bool useCache, CancellationToken cancellationToken)
    {
        if (!useCache)
        {
            return await NodeReader.ReadAsync(db, ids, cancellationToken);
        }

        var hashes = new byte[ids.Count][];
        var missing = new List<int>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (cache.TryGet(ids[i], out var hash))
            {
                hashes[i] = hash;
            }
            else
            {
                missing.Add(i);
            }
        }

        if (missing.Count > 0)
        {
            var read = await NodeReader.ReadAsync(db, missing.Select(i => ids[i]).ToList(), cancellationToken);
            for (var j = 0; j < missing.Count; j++)
            {
                hashes[missing[j]] = read[j];
            }
        }

        return hashes;
    }

    /// <summary>The leaf a stored version must have, rebuilt from its own bytes.</summary>
    public static LeafV1 RebuildLeaf(ResourceVersionRow row)
    {
        var versionText = row.VersionId.ToString(CultureInfo.InvariantCulture);
        if (row.Operation == VersionOperation.Delete)
        {
            return new LeafV1(LeafOperation.Delete, row.ResourceType, row.ResourceId, versionText, row.LastUpdated, null, row.PreviousLeafHash);
        }

        var json = Encoding.UTF8.GetBytes(row.Json ?? throw new FormatException("the version has no content"));
        var identity = StoredJsonIdentity.Read(json);
        if (identity.ResourceType != row.ResourceType || identity.Id != row.ResourceId || identity.VersionId != versionText || identity.LastUpdated is null)
        {
            throw new StoredIdentityMismatchException(
                $"The stored content of {row.ResourceType}/{row.ResourceId} version {row.VersionId} claims to be {identity.ResourceType}/{identity.Id} version {identity.VersionId}.");
        }

        var digest = ContentDigest.Compute(row.Salt ?? [], CanonicalJson.Canonicalize(json));
        var operation = row.Operation == VersionOperation.Create ? LeafOperation.Create : LeafOperation.Update;
        return new LeafV1(operation, identity.ResourceType, identity.Id, identity.VersionId, identity.LastUpdated, digest, row.PreviousLeafHash);
    }

    private static VersionProof Failed(ResourceVersionRow row, LeafV1? leaf, byte[]? leafHash, string reason) =>
        new(false, reason, row.LeafIndex, leaf, leafHash, row.Salt, null, []);
}
