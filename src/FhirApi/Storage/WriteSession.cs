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

    /// <summary>Stages a create or update: the next version of <paramref name="resource"/>, with server meta set.</summary>
    public async Task<StoredVersion> PutAsync(Resource resource, CancellationToken cancellationToken)
    {
        var id = resource.Id ?? throw new ArgumentException("A resource to store needs an id.", nameof(resource));
        var previous = await GetCurrentAsync(resource.TypeName, id, cancellationToken);
        var operation = previous is null || previous.IsDeleted ? VersionOperation.Create : VersionOperation.Update;
        var row = Stage(resource.TypeName, id, operation, resource, previous);
        resource.Meta ??= new Meta();
        resource.Meta.VersionId = row.VersionId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        resource.Meta.LastUpdatedElement = new Instant(DateTimeOffset.FromUnixTimeMilliseconds(row.LastUpdatedMs));
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

        return new StoredVersion(Stage(type, id, VersionOperation.Delete, null, previous), null);
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
            // CPU work, independent per version, on every core: JSON, canonical form and digest, index rows.
            Parallel.ForEach(pending, new ParallelOptions { CancellationToken = cancellationToken }, Prepare);

            // Leaves in order: a version's leaf names the previous version's leaf hash.
            var leaves = new List<LoggedLeaf?>(pending.Count);
            foreach (var version in pending)
            {
                leaves.Add(version.Leaf = log.IsDisabled ? null : BuildLeaf(version));
            }

            var indices = await log.AppendAsync(db, lease, leaves, cancellationToken);
            for (var i = 0; i < pending.Count; i++)
            {
                pending[i].Row.LeafIndex = indices.FirstIndex + i;
            }

            db.ResourceVersions.AddRange(pending.Select(p => p.Row));
            await db.SaveChangesAsync(cancellationToken);
            UpsertResourceRows();
            var latest = pending.GroupBy(p => (p.Row.ResourceType, p.Row.ResourceId)).Select(g => g.Last()).ToList();
            foreach (var replaced in latest.Where(v => v.Previous is not null).GroupBy(v => v.Row.ResourceType))
            {
                await indexer.RemoveAsync(db, replaced.Key, replaced.Select(v => v.Row.ResourceId).ToList(), cancellationToken);
            }

            await indexer.InsertAsync(db, latest.Where(v => v.Index is not null).Select(v => v.Index!).ToList(), cancellationToken);
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
            // From the index rows written for this version (none for a deletion, whose rows are removed).
            var (patientRef, manyPatients) = last.IsDeleted ? (null, false) : PatientColumns.Of(last.ResourceType, last.ResourceId, group.Last().Index?.References ?? []);
            var row = new ResourceRow
            {
                ResourceType = last.ResourceType,
                ResourceId = last.ResourceId,
                VersionId = last.VersionId,
                IsDeleted = last.IsDeleted,
                LastUpdatedMs = last.LastUpdatedMs,
                CurrentRowId = last.Id,
                PatientRef = patientRef,
                ManyPatients = manyPatients,
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

    /// <summary>The next version's row (version id, lastUpdated, previous leaf), staged for the commit.</summary>
    private ResourceVersionRow Stage(string type, string id, VersionOperation operation, Resource? resource, CurrentVersion? previous)
    {
        var now = Now();
        var row = new ResourceVersionRow
        {
            ResourceType = type,
            ResourceId = id,
            VersionId = (previous?.VersionId ?? 0) + 1,
            LastUpdatedMs = now.ToUnixTimeMilliseconds(),
            LastUpdated = FhirInstantText.Format(now),
            Operation = operation,
            PreviousLeafHash = previous?.LeafHash,
        };
        var staged = pending.FindLastIndex(p => p.Row.ResourceType == type && p.Row.ResourceId == id);
        pending.Add(new PendingVersion(row, resource, previous, staged < 0 ? null : pending[staged]));
        current[(type, id)] = new CurrentVersion(row, []);
        return row;
    }

    /// <summary>The parallel part of a commit: serialize, digest and index one version.</summary>
    private void Prepare(PendingVersion version)
    {
        if (version.Resource is null)
        {
            return;
        }

        var json = serializer.ToJsonBytes(version.Resource);
        version.Row.Json = System.Text.Encoding.UTF8.GetString(json);
        if (!log.IsDisabled)
        {
            version.Row.Salt = ContentDigest.NewSalt();
            version.Digest = ContentDigest.Compute(version.Row.Salt, CanonicalJson.Canonicalize(json));
        }

        version.Index = indexer.Extract(version.Resource);
    }

    private static LoggedLeaf BuildLeaf(PendingVersion version)
    {
        var row = version.Row;
        if (version.StagedPrevious is { } staged)
        {
            row.PreviousLeafHash = staged.Leaf!.Hash;
        }

        var operation = row.Operation switch
        {
            VersionOperation.Create => LeafOperation.Create,
            VersionOperation.Update => LeafOperation.Update,
            _ => LeafOperation.Delete,
        };
        var leaf = new LeafV1(operation, row.ResourceType, row.ResourceId, row.VersionId.ToString(System.Globalization.CultureInfo.InvariantCulture), row.LastUpdated, version.Digest, row.PreviousLeafHash);
        return new LoggedLeaf(leaf, leaf.Hash());
    }

    private DateTimeOffset Now()
    {
        var now = clock.GetUtcNow();
        return DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
    }

    /// <summary>A version staged in this session; <see cref="StagedPrevious"/> is set when its previous version is staged too.</summary>
    private sealed class PendingVersion(ResourceVersionRow row, Resource? resource, CurrentVersion? previous, PendingVersion? stagedPrevious)
    {
        public ResourceVersionRow Row => row;

        public Resource? Resource => resource;

        public CurrentVersion? Previous => previous;

        public PendingVersion? StagedPrevious => stagedPrevious;

        public byte[]? Digest { get; set; }

        public IndexedValues? Index { get; set; }

        public LoggedLeaf? Leaf { get; set; }
    }
}
