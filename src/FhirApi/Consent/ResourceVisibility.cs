using FhirChain.FhirApi.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FhirChain.FhirApi.Consents;

/// <summary>
/// Which stored resources and versions the request's <see cref="DataScope"/> lets it see. A current
/// resource is judged as a search judges it (<see cref="DataScope.Apply"/>, in SQL); a deleted one by
/// its last content, whose index rows are gone (<see cref="AccessRules"/>, in memory). Versions are
/// judged each by its own content: the index describes only current versions, so older ones (and
/// deletion markers, by the content they deleted) are judged in memory (see the History part).
/// </summary>
internal sealed partial class ResourceVisibility(DataScope scope, FhirDbContext db, ContentFactsCache facts, IOptions<ConsentOptions> options)
{
    /// <summary>Whether the request may see a resource; true for one that was never stored (the handler answers 404).</summary>
    public async Task<bool> CanSeeAsync(string type, string id, CancellationToken cancellationToken)
    {
        if (!scope.IsRestricted)
        {
            return true;
        }

        var resource = db.Resources.AsNoTracking().Where(r => r.ResourceType == type && r.ResourceId == id);
        var stored = await WithLastContent(resource).FirstOrDefaultAsync(cancellationToken);
        if (stored is null)
        {
            return true;
        }

        return stored.IsDeleted
            ? (await VisiblePastAsync([new PastVersion(stored.CurrentRowId, stored.LastContentRowId)], cancellationToken)).Count == 1
            : await scope.Apply(resource).AnyAsync(cancellationToken);
    }

    /// <summary>Whether the request may see one stored version (vread, <c>$verify</c> of a version); true for one that was never stored.</summary>
    public async Task<bool> CanSeeVersionAsync(string type, string id, int versionId, CancellationToken cancellationToken)
    {
        if (!scope.IsRestricted)
        {
            return true;
        }

        var version = db.ResourceVersions.AsNoTracking().Where(v => v.ResourceType == type && v.ResourceId == id && v.VersionId == versionId);
        var candidates = await CandidatesAsync(version, cancellationToken);
        return candidates.Count == 0 || (await VisibleAsync(candidates, cancellationToken)).Count == 1;
    }

    /// <summary>Whether the request may see any version of a resource (instance history); true for one that was never stored.</summary>
    public async Task<bool> CanSeeAnyVersionAsync(string type, string id, CancellationToken cancellationToken)
    {
        if (!scope.IsRestricted)
        {
            return true;
        }

        var versions = db.ResourceVersions.AsNoTracking().Where(v => v.ResourceType == type && v.ResourceId == id);
        return !await versions.AnyAsync(cancellationToken) || (await VisibleIdsAsync(versions, oldestFirst: false, wanted: 1, cancellationToken)).Count == 1;
    }

    /// <summary>The versions (by row) whose content, or for a deletion the content it deleted, the request may see.</summary>
    private async Task<List<long>> VisiblePastAsync(IReadOnlyCollection<PastVersion> versions, CancellationToken cancellationToken)
    {
        if (versions.Count == 0)
        {
            return [];
        }

        var contents = await facts.GetAsync(db, versions.Where(v => v.ContentRowId is not null).Select(v => v.ContentRowId!.Value).ToList(), cancellationToken);
        var rules = Rules();
        return versions
            .Where(v => v.ContentRowId is { } row && contents.TryGetValue(row, out var content) && rules.Allows(content))
            .Select(v => v.RowId)
            .ToList();
    }

    private AccessRules Rules()
    {
        var directives = scope.Caller.IsResearch
            ? scope.Directives ?? throw new InvalidOperationException("A research request reached storage before its consents were loaded: every path must go through DataScope.PrepareAsync.")
            : null;
        return new AccessRules(scope.Compartments, directives, options.Value.DefaultPolicy);
    }

    private IQueryable<StoredResource> WithLastContent(IQueryable<ResourceRow> resources) =>
        resources.Select(r => new StoredResource(
            r.IsDeleted,
            r.CurrentRowId,
            db.ResourceVersions.Where(v => v.ResourceType == r.ResourceType && v.ResourceId == r.ResourceId && v.Operation != VersionOperation.Delete).Max(v => (long?)v.Id)));

    /// <summary>A version that is not the current one of a live resource (an older version, a deletion marker), with the row holding the content it is judged by.</summary>
    private sealed record PastVersion(long RowId, long? ContentRowId);

    /// <summary>A stored resource with the row of its newest version that has content.</summary>
    private sealed record StoredResource(bool IsDeleted, long CurrentRowId, long? LastContentRowId);
}
