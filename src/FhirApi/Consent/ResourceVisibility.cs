using FhirChain.FhirApi.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FhirChain.FhirApi.Consents;

/// <summary>
/// Which stored resources, and so which of their versions, the request's <see cref="DataScope"/> lets
/// it see. A current resource is judged as a search judges it (<see cref="DataScope.Apply"/>, in SQL);
/// a deleted one by its last content, whose index rows are gone (<see cref="AccessRules"/>, in memory).
/// Every version of a resource shares the resource's verdict.
/// </summary>
internal sealed class ResourceVisibility(DataScope scope, FhirDbContext db, ContentFactsCache facts, IOptions<ConsentOptions> options)
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
            ? (await VisibleDeletedAsync([stored], cancellationToken)).Count == 1
            : await scope.Apply(resource).AnyAsync(cancellationToken);
    }

    /// <summary>Narrows stored versions (type or system history) to those of resources the request may see, current or deleted.</summary>
    public async Task<IQueryable<ResourceVersionRow>> RestrictVersionsAsync(IQueryable<ResourceVersionRow> versions, CancellationToken cancellationToken)
    {
        if (!scope.IsRestricted)
        {
            return versions;
        }

        var current = scope.Apply(db.Resources.AsNoTracking().Where(r => !r.IsDeleted));
        var deletedInRange = db.Resources.AsNoTracking()
            .Where(r => r.IsDeleted && versions.Any(v => v.ResourceType == r.ResourceType && v.ResourceId == r.ResourceId));
        var visibleDeleted = await VisibleDeletedAsync(await WithLastContent(deletedInRange).ToListAsync(cancellationToken), cancellationToken);
        if (visibleDeleted.Count == 0)
        {
            return versions.Where(v => current.Any(r => r.ResourceType == v.ResourceType && r.ResourceId == v.ResourceId));
        }

        var deleted = db.Resources.AsNoTracking().Where(r => r.IsDeleted && visibleDeleted.Contains(r.CurrentRowId));
        return versions.Where(v => current.Any(r => r.ResourceType == v.ResourceType && r.ResourceId == v.ResourceId)
            || deleted.Any(r => r.ResourceType == v.ResourceType && r.ResourceId == v.ResourceId));
    }

    /// <summary>The deleted resources whose last content the request may see, by their current (deletion) row.</summary>
    private async Task<List<long>> VisibleDeletedAsync(IReadOnlyCollection<StoredResource> deleted, CancellationToken cancellationToken)
    {
        if (deleted.Count == 0)
        {
            return [];
        }

        var contents = await facts.GetAsync(db, deleted.Where(d => d.LastContentRowId is not null).Select(d => d.LastContentRowId!.Value).ToList(), cancellationToken);
        var directives = scope.Caller.IsResearch
            ? scope.Directives ?? throw new InvalidOperationException("A research request reached storage before its consents were loaded: every path must go through DataScope.PrepareAsync.")
            : null;
        var rules = new AccessRules(scope.Compartments, directives, options.Value.DefaultPolicy);
        return deleted
            .Where(d => d.LastContentRowId is { } row && contents.TryGetValue(row, out var content) && rules.Allows(content))
            .Select(d => d.CurrentRowId)
            .ToList();
    }

    private IQueryable<StoredResource> WithLastContent(IQueryable<ResourceRow> resources) =>
        resources.Select(r => new StoredResource(
            r.IsDeleted,
            r.CurrentRowId,
            db.ResourceVersions.Where(v => v.ResourceType == r.ResourceType && v.ResourceId == r.ResourceId && v.Operation != VersionOperation.Delete).Max(v => (long?)v.Id)));

    /// <summary>A stored resource with the row of its newest version that has content.</summary>
    private sealed record StoredResource(bool IsDeleted, long CurrentRowId, long? LastContentRowId);
}
