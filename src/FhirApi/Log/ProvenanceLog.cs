using FhirChain.FhirApi.Storage;
using FhirChain.Provenance.Leaves;
using FhirChain.Provenance.Merkle;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FhirChain.FhirApi.Log;

/// <summary>
/// The write side of the provenance log. Appends happen inside the caller's database transaction,
/// under a lock on the <c>log_head</c> row (row lock on PostgreSQL and SQL Server, the write lock
/// of an immediate transaction on SQLite), so indices are contiguous across threads and processes.
/// Each append states the size it expects and fails with <see cref="LogSizeConflictException"/>
/// when another writer got there first.
/// </summary>
internal sealed class ProvenanceLog(StorageInfo storage, CheckpointTrigger trigger, IOptions<ProvenanceOptions> options)
{
    /// <summary>Benchmarks only: see <see cref="ProvenanceOptions.DisabledForBenchmark"/>.</summary>
    public bool IsDisabled { get; } = options.Value.DisabledForBenchmark;

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Lock cacheLock = new();
    private CompactRange? cached;

    public async Task<AppendLease> AcquireAppendLeaseAsync(FhirDbContext db, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var head = await LockHeadAsync(db, cancellationToken);
            return new AppendLease(this, transaction, head.Size);
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    /// <summary>Appends leaves at the lease's expected size; the caller commits the lease.</summary>
    public async Task<AppendedRange> AppendAsync(FhirDbContext db, AppendLease lease, IReadOnlyList<LoggedLeaf?> leaves, CancellationToken cancellationToken)
    {
        var expected = lease.ExpectedSize;
        if (IsDisabled)
        {
            return await SequenceOnlyAsync(db, lease, leaves.Count, cancellationToken);
        }

        var range = lease.Pending ?? await LoadRangeAsync(db, expected, cancellationToken);
        if (range.Size != expected)
        {
            throw new LogSizeConflictException(expected, range.Size);
        }

        var first = range.Size;
        var leafRows = new List<LogLeafRow>(leaves.Count);
        var nodeRows = new List<LogNodeRow>(leaves.Count * 2);
        foreach (var logged in leaves)
        {
            var (leaf, hash) = logged ?? throw new ArgumentException("Every version needs a leaf while the log is on.", nameof(leaves));
            leafRows.Add(new LogLeafRow
            {
                LeafIndex = range.Size,
                LeafHash = hash,
                ResourceType = leaf.ResourceType,
                ResourceId = leaf.Id,
                VersionId = int.Parse(leaf.VersionId, System.Globalization.CultureInfo.InvariantCulture),
            });
            range.Append(hash, (id, nodeHash) => nodeRows.Add(new LogNodeRow { Key = NodeKey.Of(id), Hash = nodeHash }));
        }

        await BulkInsert.InsertAsync(db, leafRows, cancellationToken);
        await BulkInsert.InsertAsync(db, nodeRows, cancellationToken);
        var root = range.RootHash();
        var moved = await db.LogHead
            .Where(h => h.Id == LogHeadRow.SingletonId && h.Size == expected)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.Size, range.Size).SetProperty(h => h.RootHash, root), cancellationToken);
        if (moved != 1)
        {
            var actual = await db.LogHead.AsNoTracking().Where(h => h.Id == LogHeadRow.SingletonId).Select(h => h.Size).FirstAsync(cancellationToken);
            throw new LogSizeConflictException(expected, actual);
        }

        lease.ExpectedSize = range.Size;
        lease.Pending = range;
        return new AppendedRange(first, leaves.Count);
    }

    private static async Task<AppendedRange> SequenceOnlyAsync(FhirDbContext db, AppendLease lease, int count, CancellationToken cancellationToken)
    {
        var first = lease.ExpectedSize;
        var next = first + count;
        await db.LogHead.Where(h => h.Id == LogHeadRow.SingletonId && h.Size == first)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.Size, next), cancellationToken);
        lease.ExpectedSize = next;
        return new AppendedRange(first, count);
    }

    /// <summary>Creates the head row of an empty log if there is none (first start).</summary>
    public static async Task EnsureHeadAsync(FhirDbContext db, CancellationToken cancellationToken)
    {
        if (await db.LogHead.AsNoTracking().AnyAsync(cancellationToken))
        {
            return;
        }

        db.LogHead.Add(new LogHeadRow { Size = 0, RootHash = TreeHasher.EmptyRoot });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another process created it first.
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Reads the perfect nodes of a tree of <paramref name="size"/> leaves that make up its right edge.</summary>
    public static async Task<CompactRange> LoadRangeFromStorageAsync(FhirDbContext db, long size, CancellationToken cancellationToken)
    {
        var ids = CompactRange.FrontierIds(size);
        var hashes = await NodeReader.ReadAsync(db, ids, cancellationToken);
        return CompactRange.FromFrontier(size, hashes);
    }

    internal void Published(CompactRange? range)
    {
        if (range is null)
        {
            return;
        }

        lock (cacheLock)
        {
            cached = range;
        }

        trigger.Signal();
    }

    internal void ReleaseGate() => gate.Release();

    private async Task<CompactRange> LoadRangeAsync(FhirDbContext db, long size, CancellationToken cancellationToken)
    {
        lock (cacheLock)
        {
            if (cached is not null && cached.Size == size)
            {
                // A copy: a rolled-back append must not leave its leaves in the cache.
                return CompactRange.FromFrontier(cached.Size, cached.Frontier);
            }
        }

        return await LoadRangeFromStorageAsync(db, size, cancellationToken);
    }

    private async Task<LogHeadRow> LockHeadAsync(FhirDbContext db, CancellationToken cancellationToken)
    {
        var query = storage.Provider switch
        {
            StorageProvider.PostgreSql => db.LogHead.FromSqlRaw("SELECT * FROM log_head WHERE id = 1 FOR UPDATE"),
            StorageProvider.SqlServer => db.LogHead.FromSqlRaw("SELECT * FROM log_head WITH (UPDLOCK, HOLDLOCK) WHERE id = 1"),
            _ => db.LogHead.Where(h => h.Id == LogHeadRow.SingletonId),
        };
        return await query.AsNoTracking().FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException("The provenance log has no head row: the schema was not initialised.");
    }
}
