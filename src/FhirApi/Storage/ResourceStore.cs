using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Log;
using FhirChain.FhirApi.Search;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Storage;

/// <summary>
/// The FHIR store: every version of every resource, read with index seeks, written only through a
/// <see cref="WriteSession"/> that appends each version's leaf to the provenance log in the same
/// database transaction.
/// </summary>
internal sealed partial class ResourceStore(
    FhirDbContext db,
    FhirSerializer serializer,
    ProvenanceLog log,
    SearchIndexer indexer,
    TimeProvider clock)
{
    internal FhirDbContext Db => db;

    /// <summary>Starts an atomic unit of writes (one interaction, or a whole transaction bundle).</summary>
    public async Task<WriteSession> BeginWriteAsync(CancellationToken cancellationToken)
    {
        var lease = await log.AcquireAppendLeaseAsync(db, cancellationToken);
        return new WriteSession(db, serializer, log, indexer, clock, lease);
    }

    /// <summary>The newest version row (possibly a deletion marker) of a resource, or null.</summary>
    public Task<ResourceVersionRow?> ReadCurrentRowAsync(string type, string id, CancellationToken cancellationToken) =>
        db.ResourceVersions.AsNoTracking()
            .Where(v => v.ResourceType == type && v.ResourceId == id)
            .OrderByDescending(v => v.VersionId)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// The newest version row and, in the same round trip, the highest version the log has a leaf
    /// for: when they differ, a history row was removed from storage.
    /// </summary>
    public async Task<(ResourceVersionRow? Row, int? LoggedMaxVersion)> ReadCurrentWithLoggedMaxAsync(string type, string id, CancellationToken cancellationToken)
    {
        var found = await db.ResourceVersions.AsNoTracking()
            .Where(v => v.ResourceType == type && v.ResourceId == id)
            .OrderByDescending(v => v.VersionId)
            .Select(v => new { Row = v, Logged = db.LogLeaves.Where(l => l.ResourceType == type && l.ResourceId == id).Max(l => (int?)l.VersionId) })
            .FirstOrDefaultAsync(cancellationToken);
        return found is null
            ? (null, await ReadLoggedMaxVersionAsync(type, id, cancellationToken))
            : (found.Row, found.Logged);
    }

    public Task<ResourceVersionRow?> ReadVersionRowAsync(string type, string id, int versionId, CancellationToken cancellationToken) =>
        db.ResourceVersions.AsNoTracking()
            .FirstOrDefaultAsync(v => v.ResourceType == type && v.ResourceId == id && v.VersionId == versionId, cancellationToken);

    /// <summary>The highest version of a resource the log has a leaf for: a row missing from storage shows up here.</summary>
    public async Task<int?> ReadLoggedMaxVersionAsync(string type, string id, CancellationToken cancellationToken) =>
        await db.LogLeaves.AsNoTracking()
            .Where(l => l.ResourceType == type && l.ResourceId == id)
            .MaxAsync(l => (int?)l.VersionId, cancellationToken);

    public Task<bool> IsVersionLoggedAsync(string type, string id, int versionId, CancellationToken cancellationToken) =>
        db.LogLeaves.AsNoTracking().AnyAsync(l => l.ResourceType == type && l.ResourceId == id && l.VersionId == versionId, cancellationToken);
}
