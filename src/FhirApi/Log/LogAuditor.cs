using System.Diagnostics;
using FhirChain.FhirApi.Storage;
using FhirChain.Provenance.Merkle;
using FhirChain.Provenance.Notes;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Log;

/// <summary>
/// Re-checks the whole log from storage: re-hashes every stored version and matches it with its
/// leaf, rebuilds the tree from the leaves, and compares it with the stored nodes, the log head,
/// every signed checkpoint and the witness checkpoint kept outside the database.
/// </summary>
internal sealed class LogAuditor(LogSigningKey key, CheckpointService checkpoints)
{
    private const int MaxFindingsPerKind = 1000;

    public async Task<AuditReport> AuditAsync(IFhirDbContextFactory contexts, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        // Leaves and versions are read side by side: one context (one connection) each.
        await using var db = contexts.CreateDbContext();
        await using var versionDb = contexts.CreateDbContext();
        var clock = Stopwatch.StartNew();
        var findings = new List<AuditFinding>();
        var counts = new Dictionary<AuditFindingKind, int>();
        void Report(AuditFindingKind kind, string subject, string detail)
        {
            counts[kind] = counts.GetValueOrDefault(kind) + 1;
            if (counts[kind] <= MaxFindingsPerKind)
            {
                findings.Add(new AuditFinding(kind, subject, detail));
            }
        }

        var tree = new InMemoryMerkleTree();
        long versionsChecked = 0;
        await using (var leaves = db.LogLeaves.AsNoTracking().OrderBy(l => l.LeafIndex).AsAsyncEnumerable().GetAsyncEnumerator(cancellationToken))
        await using (var versions = versionDb.ResourceVersions.AsNoTracking().OrderBy(v => v.LeafIndex).AsAsyncEnumerable().GetAsyncEnumerator(cancellationToken))
        {
            var leaf = await leaves.MoveNextAsync() ? leaves.Current : null;
            var version = await versions.MoveNextAsync() ? versions.Current : null;
            while (leaf is not null || version is not null)
            {
                if (version is null || (leaf is not null && leaf.LeafIndex < version.LeafIndex))
                {
                    Report(AuditFindingKind.Missing, $"{leaf!.ResourceType}/{leaf.ResourceId}/_history/{leaf.VersionId}", $"leaf {leaf.LeafIndex} is logged but the version is not in storage");
                    AppendLeaf(tree, leaf, Report);
                    leaf = await leaves.MoveNextAsync() ? leaves.Current : null;
                    continue;
                }

                if (leaf is null || version.LeafIndex < leaf.LeafIndex)
                {
                    Report(AuditFindingKind.Extra, Subject(version), $"stored with leaf index {version.LeafIndex}, which the log does not have");
                    versionsChecked++;
                    version = await versions.MoveNextAsync() ? versions.Current : null;
                    continue;
                }

                CheckVersion(version, leaf, Report);
                AppendLeaf(tree, leaf, Report);
                versionsChecked++;
                if (versionsChecked % 1000 == 0)
                {
                    progress?.Report(versionsChecked);
                }

                leaf = await leaves.MoveNextAsync() ? leaves.Current : null;
                version = await versions.MoveNextAsync() ? versions.Current : null;
            }
        }

        progress?.Report(versionsChecked);
        var nodesChecked = await CheckNodesAsync(db, tree, Report, cancellationToken);
        await CheckHeadAsync(db, tree, Report, cancellationToken);
        var checkpointsChecked = await CheckCheckpointsAsync(db, tree, Report, cancellationToken);
        CheckWitness(tree, Report);

        foreach (var (kind, count) in counts.Where(c => c.Value > MaxFindingsPerKind))
        {
            findings.Add(new AuditFinding(kind, "(more)", $"{count - MaxFindingsPerKind} more findings of this kind not listed"));
        }

        return new AuditReport(versionsChecked, tree.Size, nodesChecked, checkpointsChecked, tree.Size, findings, clock.Elapsed);
    }

    private static void CheckVersion(ResourceVersionRow version, LogLeafRow leaf, Action<AuditFindingKind, string, string> report)
    {
        if (version.ResourceType != leaf.ResourceType || version.ResourceId != leaf.ResourceId || version.VersionId != leaf.VersionId)
        {
            report(AuditFindingKind.Altered, Subject(version), $"leaf {leaf.LeafIndex} was logged for {leaf.ResourceType}/{leaf.ResourceId}/_history/{leaf.VersionId}");
            return;
        }

        try
        {
            var rebuilt = LogVerifier.RebuildLeaf(version).Hash();
            if (!rebuilt.AsSpan().SequenceEqual(leaf.LeafHash))
            {
                report(AuditFindingKind.Altered, Subject(version), $"its content hashes to leaf {Convert.ToHexStringLower(rebuilt)}, but leaf {leaf.LeafIndex} is {Convert.ToHexStringLower(leaf.LeafHash)}");
            }
        }
        catch (Exception ex) when (ex is FormatException or StoredIdentityMismatchException or ArgumentException)
        {
            report(AuditFindingKind.Altered, Subject(version), ex.Message);
        }
    }

    private static void AppendLeaf(InMemoryMerkleTree tree, LogLeafRow leaf, Action<AuditFindingKind, string, string> report)
    {
        while (tree.Size < leaf.LeafIndex)
        {
            report(AuditFindingKind.LeafGap, $"leaf {tree.Size}", "no leaf is stored at this index");
            tree.Append(new byte[TreeHasher.HashSize]);
        }

        if (leaf.LeafIndex < tree.Size)
        {
            report(AuditFindingKind.Extra, $"leaf {leaf.LeafIndex}", "a second leaf is stored at this index");
            return;
        }

        tree.Append(leaf.LeafHash);
    }

    private static async Task<long> CheckNodesAsync(FhirDbContext db, InMemoryMerkleTree tree, Action<AuditFindingKind, string, string> report, CancellationToken cancellationToken)
    {
        long checkedCount = 0;
        await foreach (var node in db.LogNodes.AsNoTracking().AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            checkedCount++;
            var id = NodeKey.ToId(node.Key);
            if (id.EndLeaf > tree.Size)
            {
                report(AuditFindingKind.NodeMismatch, $"node (level {id.Level}, index {id.Index})", $"covers leaves beyond the {tree.Size} the log holds");
                continue;
            }

            if (!tree.GetNode(id).AsSpan().SequenceEqual(node.Hash))
            {
                report(AuditFindingKind.NodeMismatch, $"node (level {id.Level}, index {id.Index})", "differs from the tree rebuilt from the leaves");
            }
        }

        var expected = ExpectedNodeCount(tree.Size);
        if (checkedCount < expected)
        {
            report(AuditFindingKind.NodeMismatch, "tree nodes", $"{expected - checkedCount} of the {expected} nodes a tree of {tree.Size} leaves has are missing");
        }

        return checkedCount;
    }

    private static long ExpectedNodeCount(long size)
    {
        long count = 0;
        for (var level = 0; level < 63 && (size >> level) > 0; level++)
        {
            count += size >> level;
        }

        return count;
    }

    private static async Task CheckHeadAsync(FhirDbContext db, InMemoryMerkleTree tree, Action<AuditFindingKind, string, string> report, CancellationToken cancellationToken)
    {
        var head = await db.LogHead.AsNoTracking().Where(h => h.Id == LogHeadRow.SingletonId).FirstOrDefaultAsync(cancellationToken);
        if (head is null)
        {
            report(AuditFindingKind.HeadMismatch, "log head", "missing");
            return;
        }

        if (head.Size != tree.Size)
        {
            report(AuditFindingKind.HeadMismatch, "log head", $"says {head.Size} leaves, the log holds {tree.Size}");
        }
        else if (!tree.RootHash().AsSpan().SequenceEqual(head.RootHash))
        {
            report(AuditFindingKind.HeadMismatch, "log head", "its root is not the root of the leaves");
        }
    }

    private async Task<int> CheckCheckpointsAsync(FhirDbContext db, InMemoryMerkleTree tree, Action<AuditFindingKind, string, string> report, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var checkpoint in db.LogCheckpoints.AsNoTracking().OrderBy(c => c.TreeSize).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            count++;
            var subject = $"checkpoint of {checkpoint.TreeSize} leaves";
            var opened = key.Verifier.Open(checkpoint.SignedNote);
            var parsed = opened.IsVerified ? Checkpoint.Parse(opened.Text!) : null;
            if (parsed?.Checkpoint is not { } signed || signed.Size != checkpoint.TreeSize || !signed.RootHash.AsSpan().SequenceEqual(checkpoint.RootHash))
            {
                report(AuditFindingKind.CheckpointMismatch, subject, opened.IsVerified ? "the stored row disagrees with its signed note" : "signature: " + opened.Reason);
                continue;
            }

            CompareWithTree(tree, signed.Size, signed.RootHash, subject, report);
        }

        return count;
    }

    private void CheckWitness(InMemoryMerkleTree tree, Action<AuditFindingKind, string, string> report)
    {
        if (checkpoints.Witness is { } witness)
        {
            CompareWithTree(tree, witness.Size, witness.RootHash, $"witness checkpoint of {witness.Size} leaves", report);
        }
    }

    private static void CompareWithTree(InMemoryMerkleTree tree, long size, byte[] root, string subject, Action<AuditFindingKind, string, string> report)
    {
        if (size > tree.Size)
        {
            report(AuditFindingKind.RolledBack, subject, $"was signed, but the log holds only {tree.Size} leaves");
        }
        else if (size > 0 && !tree.RootHash(size).AsSpan().SequenceEqual(root))
        {
            report(AuditFindingKind.CheckpointMismatch, subject, "the leaves no longer give its root");
        }
    }

    private static string Subject(ResourceVersionRow version) => $"{version.ResourceType}/{version.ResourceId}/_history/{version.VersionId}";
}
