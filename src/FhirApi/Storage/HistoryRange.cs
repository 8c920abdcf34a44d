using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Storage;

/// <summary>
/// What a history covers: all versions (system), one type's or one resource's, optionally within
/// <c>_since</c> and <c>_at</c>. Each live resource's current version is one of them exactly when its
/// <see cref="ResourceRow"/> is in <see cref="LiveResources"/> (the row holds the current version's type,
/// id and lastUpdated), which lets a restricted history count its current versions as a search counts.
/// </summary>
internal sealed record HistoryRange(string? Type, string? Id, long? SinceMs, long? AtMs)
{
    /// <summary>The stored versions in range, every operation (creates, updates, deletion markers).</summary>
    public IQueryable<ResourceVersionRow> Versions(FhirDbContext db)
    {
        var rows = db.ResourceVersions.AsNoTracking();
        if (Type is { } type)
        {
            rows = rows.Where(v => v.ResourceType == type);
        }

        if (Id is { } id)
        {
            rows = rows.Where(v => v.ResourceId == id);
        }

        if (SinceMs is { } since)
        {
            rows = rows.Where(v => v.LastUpdatedMs >= since);
        }

        if (AtMs is { } at)
        {
            rows = rows.Where(v => v.LastUpdatedMs <= at);
        }

        return rows;
    }

    /// <summary>The resources whose versions the range may hold: of its type and id, deleted or not, whenever written.</summary>
    public IQueryable<ResourceRow> Resources(FhirDbContext db)
    {
        var rows = db.Resources.AsNoTracking();
        if (Type is { } type)
        {
            rows = rows.Where(r => r.ResourceType == type);
        }

        if (Id is { } id)
        {
            rows = rows.Where(r => r.ResourceId == id);
        }

        return rows;
    }

    /// <summary>The live resources whose current version is in range.</summary>
    public IQueryable<ResourceRow> LiveResources(FhirDbContext db)
    {
        var rows = Resources(db).Where(r => !r.IsDeleted);
        if (SinceMs is { } since)
        {
            rows = rows.Where(r => r.LastUpdatedMs >= since);
        }

        if (AtMs is { } at)
        {
            rows = rows.Where(r => r.LastUpdatedMs <= at);
        }

        return rows;
    }
}
