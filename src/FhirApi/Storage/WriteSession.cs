using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Log;
using FhirChain.FhirApi.Search;
using FhirChain.Provenance.Leaves;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Storage;

/// <summary>
/// One atomic unit of writes. It holds the log's append lease (so leaf indices are contiguous and
/// in commit order), stages versions, and on <see cref="CommitAsync"/> writes the version rows,
/// their leaves, the new tree nodes and the search index in one database transaction. Disposing
/// without committing rolls everything back: nothing already stored is touched.
/// </summary>
internal sealed class WriteSession(
    FhirDbContext db,
    FhirSerializer serializer,
    ProvenanceLog log,
    SearchIndexer indexer,
    TimeProvider clock,
    AppendLease lease) : IAsyncDisposable
{
    private readonly Dictionary<(string Type, string Id), CurrentVersion?> current = [];
    private readonly List<PendingVersion> pending = [];
    private bool committed;

    public FhirDbContext Db => db;

    /// <summary>The newest version of a resource as this session sees it (its own staged writes first).</summary>
    public async Task<CurrentVersion?> GetCurrentAsync(string type, string id, CancellationToken cancellationToken)
    {
        if (current.TryGetValue((type, id), out var known))
        {
            return known;
        }

        var latest = await db.ResourceVersions.AsNoTracking()
            .Where(v => v.ResourceType == type && v.ResourceId == id)
            .OrderByDescending(v => v.VersionId)
            .Select(v => new { Row = v, LeafHash = db.LogLeaves.Where(l => l.LeafIndex == v.LeafIndex).Select(l => l.LeafHash).SingleOrDefault() })
            .FirstOrDefaultAsync(cancellationToken);
        CurrentVersion? found = null;
        if (latest is not null)
        {
            var leafHash = latest.LeafHash ?? (log.IsDisabled ? []
                : throw new InvalidOperationException($"{type}/{id} version {latest.Row.VersionId} has no leaf {latest.Row.LeafIndex} in the provenance log."));
            found = new CurrentVersion(latest.Row, leafHash);
        }

        current[(type, id)] = found;
        return found;
    }

    /// <summary>Records that a server-assigned id is new, so staging it needs no lookup.</summary>
    public void MarkNew(string type, string id) => current.TryAdd((type, id), null);

    /// <summary>Whether a resource id is taken by a staged write of this session.</summary>
    public bool IsStaged(string type, string id) => pending.Any(p => p.Row.ResourceType == type && p.Row.ResourceId == id);

    /// <summary>Stages a create or update: the next version of <paramref name="resource"/>, with server meta set.</summary>
    public async Task<StoredVersion> PutAsync(Resource resource, CancellationToken cancellationToken)
    {
        var type = resource.TypeName;
        var id = resource.Id ?? throw new ArgumentException("A resource to store needs an id.", nameof(resource));
        var previous = await GetCurrentAsync(type, id, cancellationToken);
        var versionId = (previous?.VersionId ?? 0) + 1;
        var operation = previous is null || previous.IsDeleted ? LeafOperation.Create : LeafOperation.Update;
        var now = Now();

        resource.Meta ??= new Meta();
        resource.Meta.VersionId = versionId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        resource.Meta.LastUpdatedElement = new Instant(now);
        var lastUpdatedText = FhirInstantText.Format(now);

        var jsonBytes = serializer.ToJsonBytes(resource);
        byte[]? salt = null;
        LeafV1? leaf = null;
        if (!log.IsDisabled)
        {
            salt = ContentDigest.NewSalt();
            var digest = ContentDigest.Compute(salt, CanonicalJson.Canonicalize(jsonBytes));
            leaf = new LeafV1(operation, type, id, resource.Meta.VersionId, lastUpdatedText, digest, previous?.LeafHash);
        }

        var row = new ResourceVersionRow
        {
            ResourceType = type,
            ResourceId = id,
            VersionId = versionId,
            LastUpdatedMs = now.ToUnixTimeMilliseconds(),
            LastUpdated = lastUpdatedText,
            Operation = operation == LeafOperation.Create ? VersionOperation.Create : VersionOperation.Update,
            Json = System.Text.Encoding.UTF8.GetString(jsonBytes),
            Salt = salt,
            PreviousLeafHash = previous?.LeafHash,
        };
        Stage(row, leaf, resource);
        return new StoredVersion(row, resource);
    }

    /// <summary>Stages a deletion marker; null when there is nothing current to delete.</summary>
    public async Task<StoredVersion?> DeleteAsync(string type, string id, CancellationToken cancellationToken)
    {
        var previous = await GetCurrentAsync(type, id, cancellationToken);
        if (previous is null || previous.IsDeleted)
        {
            return null;
        }

        var versionId = previous.VersionId + 1;
        var now = Now();
        var lastUpdatedText = FhirInstantText.Format(now);
        var versionText = versionId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var leaf = log.IsDisabled ? null : new LeafV1(LeafOperation.Delete, type, id, versionText, lastUpdatedText, null, previous.LeafHash);
        var row = new ResourceVersionRow
        {
            ResourceType = type,
            ResourceId = id,
            VersionId = versionId,
            LastUpdatedMs = now.ToUnixTimeMilliseconds(),
            LastUpdated = lastUpdatedText,
            Operation = VersionOperation.Delete,
            PreviousLeafHash = previous.LeafHash,
        };
        Stage(row, leaf, null);
        return new StoredVersion(row, null);
    }

    /// <summary>Writes everything staged, with its leaves, atomically.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (committed)
        {
            throw new InvalidOperationException("This write session was already committed.");
        }

        if (pending.Count > 0)
        {
            var leaves = pending.Select(p => p.Leaf).ToList();
            var indices = await log.AppendAsync(db, lease, leaves, cancellationToken);
            for (var i = 0; i < pending.Count; i++)
            {
                pending[i].Row.LeafIndex = indices.FirstIndex + i;
            }

            db.ResourceVersions.AddRange(pending.Select(p => p.Row));
            await db.SaveChangesAsync(cancellationToken);
            UpsertResourceRows();
            foreach (var group in pending.GroupBy(p => (p.Row.ResourceType, p.Row.ResourceId)))
            {
                var last = group.Last();
                var mayHaveRows = group.First().Row.VersionId > 1;
                await indexer.ReplaceAsync(db, last.Row.ResourceType, last.Row.ResourceId, last.Resource, mayHaveRows, cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        await lease.CommitAsync(cancellationToken);
        committed = true;
        db.ChangeTracker.Clear();
    }

    private void UpsertResourceRows()
    {
        foreach (var group in pending.GroupBy(p => (p.Row.ResourceType, p.Row.ResourceId)))
        {
            var last = group.Last().Row;
            var existed = group.First().Row.VersionId > 1;
            var row = new ResourceRow
            {
                ResourceType = last.ResourceType,
                ResourceId = last.ResourceId,
                VersionId = last.VersionId,
                IsDeleted = last.IsDeleted,
                LastUpdatedMs = last.LastUpdatedMs,
                CurrentRowId = last.Id,
            };
            if (existed)
            {
                db.Resources.Update(row);
            }
            else
            {
                db.Resources.Add(row);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!committed)
        {
            db.ChangeTracker.Clear();
        }

        await lease.DisposeAsync();
    }

    private void Stage(ResourceVersionRow row, LeafV1? leaf, Resource? resource)
    {
        var logged = leaf is null ? null : new LoggedLeaf(leaf, leaf.Hash());
        pending.Add(new PendingVersion(row, logged, resource));
        current[(row.ResourceType, row.ResourceId)] = new CurrentVersion(row, logged?.Hash ?? []);
    }

    private DateTimeOffset Now()
    {
        var now = clock.GetUtcNow();
        return DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
    }

    private sealed record PendingVersion(ResourceVersionRow Row, LoggedLeaf? Leaf, Resource? Resource);
}
