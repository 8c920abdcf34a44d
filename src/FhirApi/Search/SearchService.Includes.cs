using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Storage;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// <c>_include</c> and <c>_revinclude</c>, with <c>*</c>, a target type, and <c>:iterate</c>. What is added
/// passes the request's scope and the token's read scope on its type (<see cref="ISearchScope.RestrictIncluded"/>):
/// a resource left out is not a source for the next <c>:iterate</c> round either.
/// </summary>
internal sealed partial class SearchService
{
    private async System.Threading.Tasks.Task AddIncludesAsync(StoredBundle bundle, SearchQuery query, List<ResourceVersionRow> matches, string baseUrl, CancellationToken cancellationToken)
    {
        if ((query.Includes.Count == 0 && query.RevIncludes.Count == 0) || matches.Count == 0)
        {
            return;
        }

        var seen = matches.Select(m => (m.ResourceType, m.ResourceId)).ToHashSet();
        var sources = matches.Select(m => (m.ResourceType, m.ResourceId)).ToList();
        var added = 0;
        for (var round = 0; round <= SearchDefaults.MaxIncludeIterations && sources.Count > 0 && added < SearchDefaults.MaxIncluded; round++)
        {
            var includes = query.Includes.Where(i => round == 0 || i.EndsWith(":iterate", StringComparison.Ordinal)).ToList();
            var revIncludes = query.RevIncludes.Where(i => round == 0 || i.EndsWith(":iterate", StringComparison.Ordinal)).ToList();
            if (includes.Count == 0 && revIncludes.Count == 0)
            {
                break;
            }

            var targets = new List<(string Type, string Id)>();
            foreach (var include in includes)
            {
                targets.AddRange(await IncludedAsync(include, sources, cancellationToken));
            }

            foreach (var revInclude in revIncludes)
            {
                targets.AddRange(await RevIncludedAsync(revInclude, sources, cancellationToken));
            }

            var wanted = targets.Where(seen.Add).Take(SearchDefaults.MaxIncluded - added).ToList();
            sources = [];
            foreach (var group in wanted.GroupBy(t => t.Type))
            {
                var groupIds = group.Select(g => g.Id).ToList();
                var groupType = group.Key;
                var current = await searchScope.RestrictIncluded(groupType, db.Resources.AsNoTracking())
                    .Where(r => r.ResourceType == groupType && groupIds.Contains(r.ResourceId) && !r.IsDeleted)
                    .Select(r => r.CurrentRowId).ToListAsync(cancellationToken);
                foreach (var row in await LoadRowsAsync(current, cancellationToken))
                {
                    AddEntry(bundle, baseUrl, row, Bundle.SearchEntryMode.Include, query);
                    sources.Add((row.ResourceType, row.ResourceId));
                    added++;
                }
            }
        }
    }

    /// <summary><c>Source:param[:Target]</c> or <c>*</c>: what the sources of that type refer to.</summary>
    private async Task<IEnumerable<(string Type, string Id)>> IncludedAsync(string include, List<(string Type, string Id)> sources, CancellationToken cancellationToken)
    {
        var parts = include.Replace(":iterate", string.Empty, StringComparison.Ordinal).Split(':');
        var all = parts[0] == "*";
        if (!all && parts.Length < 2)
        {
            return [];
        }

        var sourceType = parts[0];
        var param = all ? "*" : parts[1];
        var targetType = parts.Length > 2 ? parts[2] : null;
        var results = new List<(string, string)>();
        foreach (var group in sources.Where(s => all || s.Type == sourceType).GroupBy(s => s.Type))
        {
            var type = group.Key;
            var ids = group.Select(s => s.Id).ToList();
            var refs = db.ReferenceIndex.AsNoTracking().Where(r => r.ResourceType == type && ids.Contains(r.ResourceId) && r.TargetId != null);
            if (param != "*")
            {
                refs = refs.Where(r => r.Param == param);
            }

            if (targetType is not null)
            {
                refs = refs.Where(r => r.TargetType == targetType);
            }

            results.AddRange((await refs.Select(r => new { r.TargetType, r.TargetId }).ToListAsync(cancellationToken)).Select(r => (r.TargetType!, r.TargetId!)));
        }

        return results;
    }

    /// <summary><c>Source:param[:Target]</c>: resources of type Source that refer to the sources through param.</summary>
    private async Task<IEnumerable<(string Type, string Id)>> RevIncludedAsync(string revInclude, List<(string Type, string Id)> sources, CancellationToken cancellationToken)
    {
        var parts = revInclude.Replace(":iterate", string.Empty, StringComparison.Ordinal).Split(':');
        if (parts.Length < 2)
        {
            return [];
        }

        var (sourceType, param) = (parts[0], parts[1]);
        var targetType = parts.Length > 2 ? parts[2] : null;
        var results = new List<(string, string)>();
        foreach (var group in sources.Where(s => targetType is null || s.Type == targetType).GroupBy(s => s.Type))
        {
            var type = group.Key;
            var ids = group.Select(s => (string?)s.Id).ToList();
            var refs = db.ReferenceIndex.AsNoTracking().Where(r => r.ResourceType == sourceType && r.TargetType == type && ids.Contains(r.TargetId));
            if (param != "*")
            {
                refs = refs.Where(r => r.Param == param);
            }

            results.AddRange((await refs.Select(r => new { r.ResourceType, r.ResourceId }).ToListAsync(cancellationToken)).Select(r => (r.ResourceType, r.ResourceId)));
        }

        return results;
    }
}
