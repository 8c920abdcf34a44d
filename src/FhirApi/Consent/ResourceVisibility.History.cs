using FhirChain.FhirApi.Storage;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Consents;

/// <summary>
/// Restricted history (instance, type, system), each version judged by its own content: the current
/// version of a live resource as a search judges it (in SQL), every other version (older ones, deletion
/// markers) by the content it holds, a deletion marker by the content it deleted (in memory). An
/// Observation moved from one patient to another therefore shows each patient only the versions that
/// were about it. A page reads versions in its order batch by batch and judges only as many as it needs;
/// the total counts the current versions in SQL and judges only the other versions in range.
/// </summary>
internal sealed partial class ResourceVisibility
{
    /// <summary>The first batch of a page holds twice the versions it needs (at least this many): most pages need one batch.</summary>
    private const int MinBatch = 64;

    /// <summary>Batches double while a page is not full, up to this many versions.</summary>
    private const int MaxBatch = 4096;

    /// <summary>
    /// The versions the request may see among <paramref name="versions"/>, in row order (newest first,
    /// or oldest first), after skipping <paramref name="skip"/> visible ones, at most <paramref name="take"/>.
    /// </summary>
    public async Task<List<ResourceVersionRow>> ReadVisibleVersionsAsync(IQueryable<ResourceVersionRow> versions, bool oldestFirst, int skip, int take, CancellationToken cancellationToken)
    {
        if (!scope.IsRestricted)
        {
            IQueryable<ResourceVersionRow> ordered = oldestFirst ? versions.OrderBy(v => v.Id) : versions.OrderByDescending(v => v.Id);
            if (skip > 0)
            {
                ordered = ordered.Skip(skip);
            }

            return await ordered.Take(take).ToListAsync(cancellationToken);
        }

        var ids = (await VisibleIdsAsync(versions, oldestFirst, skip + take, cancellationToken)).Skip(skip).ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        // By row id alone: with the range's type filter too, SQLite may read the type's every version through its index.
        var rows = await db.ResourceVersions.AsNoTracking().Where(v => ids.Contains(v.Id)).ToListAsync(cancellationToken);
        var position = ids.Select((id, index) => (id, index)).ToDictionary(x => x.id, x => x.index);
        return [.. rows.OrderBy(r => position[r.Id])];
    }

    /// <summary>
    /// How many of the versions in range the request may see: the current versions of live resources
    /// counted in SQL as a search counts (<see cref="DataScope.Apply"/> over their <c>resources</c> rows),
    /// plus the other versions in range judged by their content. Only resources written more than once
    /// have other versions: those are found in <c>resources</c> (one pass, no look-up per version), and
    /// their versions read by type and id.
    /// </summary>
    public async Task<int> CountVisibleVersionsAsync(HistoryRange range, CancellationToken cancellationToken)
    {
        var versions = range.Versions(db);
        if (!scope.IsRestricted)
        {
            return await versions.CountAsync(cancellationToken);
        }

        // The filter for any type, as a version's own test is: the one specialised to the type measured slower on PostgreSQL here.
        var current = await scope.Apply(range.LiveResources(db)).CountAsync(cancellationToken);
        var rewritten = await range.Resources(db).Where(r => r.VersionId > 1).Select(r => new { r.ResourceType, r.ResourceId }).ToListAsync(cancellationToken);
        var past = 0;
        foreach (var ofType in rewritten.GroupBy(r => r.ResourceType, StringComparer.Ordinal))
        {
            var type = ofType.Key;
            foreach (var chunk in ofType.Select(r => r.ResourceId).Chunk(2_000))
            {
                var candidates = await CandidatesAsync(versions.Where(v => v.ResourceType == type && chunk.Contains(v.ResourceId)), cancellationToken);
                past += (await VisibleAsync([.. candidates.Where(c => !c.IsCurrent)], cancellationToken)).Count;
            }
        }

        return current + past;
    }

    /// <summary>
    /// The row ids of the first <paramref name="wanted"/> versions the request may see, in order, read
    /// and judged batch by batch so that a page judges about as many versions as it shows (plus the
    /// hidden ones between them), not the whole range.
    /// </summary>
    private async Task<List<long>> VisibleIdsAsync(IQueryable<ResourceVersionRow> versions, bool oldestFirst, int wanted, CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        var batch = Math.Clamp(wanted * 2, MinBatch, MaxBatch);
        long? after = null;
        while (ids.Count < wanted)
        {
            var rest = after is not { } last ? versions : oldestFirst ? versions.Where(v => v.Id > last) : versions.Where(v => v.Id < last);
            var ordered = oldestFirst ? rest.OrderBy(v => v.Id) : rest.OrderByDescending(v => v.Id);
            var read = await CandidatesAsync(ordered.Take(batch), cancellationToken);
            var candidates = oldestFirst ? read.OrderBy(c => c.RowId).ToList() : read.OrderByDescending(c => c.RowId).ToList();
            var visible = await VisibleAsync(candidates, cancellationToken);
            ids.AddRange(candidates.Select(c => c.RowId).Where(visible.Contains).Take(wanted - ids.Count));
            if (candidates.Count < batch)
            {
                break;
            }

            after = candidates[^1].RowId;
            batch = Math.Min(batch * 2, MaxBatch);
        }

        return ids;
    }

    /// <summary>The candidates the request may see: a current version of a live resource if the resource passes the filter, any other by its content.</summary>
    private async Task<HashSet<long>> VisibleAsync(IReadOnlyCollection<Candidate> candidates, CancellationToken cancellationToken)
    {
        var past = candidates.Where(c => !c.IsCurrent).Select(c => new PastVersion(c.RowId, c.ContentRowId)).ToList();
        var visible = (await VisiblePastAsync(past, cancellationToken)).ToHashSet();
        visible.UnionWith(candidates.Where(c => c.IsCurrent && c.PassesFilter).Select(c => c.RowId));
        return visible;
    }

    /// <summary>
    /// What judging each version needs: whether it is a live resource's current version and whether that
    /// resource passes the filter (in SQL, over the <c>resources</c> rows of the versions' resources, read
    /// by type and id), else the row of the content it is judged by. Not one statement with a correlated
    /// test per version: PostgreSQL ran such a test as a hashed subplan, the filter over every resource,
    /// for each batch.
    /// </summary>
    private async Task<List<Candidate>> CandidatesAsync(IQueryable<ResourceVersionRow> versions, CancellationToken cancellationToken)
    {
        var read = await versions.Select(v => new
        {
            v.Id,
            v.ResourceType,
            v.ResourceId,
            ContentRowId = v.Operation != VersionOperation.Delete
                ? v.Id
                : db.ResourceVersions.Where(p => p.ResourceType == v.ResourceType && p.ResourceId == v.ResourceId && p.Id < v.Id && p.Operation != VersionOperation.Delete).Max(p => (long?)p.Id),
        }).ToListAsync(cancellationToken);
        if (read.Count == 0)
        {
            return [];
        }

        var types = read.Select(v => v.ResourceType).Distinct(StringComparer.Ordinal).ToList();
        var ids = read.Select(v => v.ResourceId).Distinct(StringComparer.Ordinal).ToList();
        var live = db.Resources.AsNoTracking().Where(r => types.Contains(r.ResourceType) && ids.Contains(r.ResourceId) && !r.IsDeleted);
        var currentRows = (await live.Select(r => r.CurrentRowId).ToListAsync(cancellationToken)).ToHashSet();
        var passing = new HashSet<(string, string)>();
        if (read.Any(v => currentRows.Contains(v.Id)))
        {
            var shown = await scope.Apply(live).Select(r => new { r.ResourceType, r.ResourceId }).ToListAsync(cancellationToken);
            passing.UnionWith(shown.Select(r => (r.ResourceType, r.ResourceId)));
        }

        return read.Select(v => new Candidate(v.Id, currentRows.Contains(v.Id), passing.Contains((v.ResourceType, v.ResourceId)), v.ContentRowId)).ToList();
    }

    /// <summary>
    /// A version to judge: whether it is the current version of a live resource and, if so, whether the
    /// resource passes the request's filter; else (an older version, a deletion marker) the row whose
    /// content it is judged by (none for a deletion of nothing).
    /// </summary>
    private sealed record Candidate(long RowId, bool IsCurrent, bool PassesFilter, long? ContentRowId);
}
