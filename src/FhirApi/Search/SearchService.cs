using System.Globalization;
using System.Linq.Expressions;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Storage;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Search;

/// <summary>Runs parsed searches against the index tables and builds searchset bundles.</summary>
internal sealed class SearchService(FhirDbContext db, SearchQueryParser parser, SearchParameterRegistry registry, FhirSerializer serializer, ISearchScope scope)
{
    /// <summary>The current resources this request may see: the one seam where consent and compartment rules apply.</summary>
    private IQueryable<ResourceRow> VisibleResources => scope.Restrict(db.Resources.AsNoTracking());

    /// <summary>Ids of current resources matching a query string (for conditional create, update, delete and references).</summary>
    public async Task<SearchIdsResult> FindIdsAsync(string type, string queryString, int limit, CancellationToken cancellationToken)
    {
        var pairs = QueryStrings.Parse(queryString);
        var parsed = parser.Parse(type, pairs, strict: true);
        if (parsed.Query is null)
        {
            return new SearchIdsResult([], parsed.Error);
        }

        if (parsed.Query.Clauses.Count == 0)
        {
            return new SearchIdsResult([], Outcomes.BadRequest($"The conditional criteria '{queryString}' select nothing: give at least one search parameter.", type));
        }

        var ids = await Filter(parsed.Query).OrderBy(r => r.ResourceId).Select(r => r.ResourceId).Take(limit).ToListAsync(cancellationToken);
        return new SearchIdsResult(ids, null);
    }

    /// <summary>Type-level search: a searchset Bundle with paging links.</summary>
    public async Task<FhirResponse> SearchTypeAsync(string type, IEnumerable<KeyValuePair<string, string>> parameters, bool strict, string baseUrl, CancellationToken cancellationToken)
    {
        var parsed = parser.Parse(type, parameters, strict);
        if (parsed.Query is not { } query)
        {
            return parsed.Error!;
        }

        var filtered = Filter(query);
        int? total = query.Total == "none" && query.Summary != SummaryType.Count ? null : await filtered.CountAsync(cancellationToken);
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Total = total, Id = IdRules.NewId(), Meta = new Meta { LastUpdated = DateTimeOffset.UtcNow } };
        if (query.Summary != SummaryType.Count && query.Count > 0)
        {
            var page = await Sort(filtered, query).Skip(query.Offset).Take(query.Count + 1).Select(r => r.CurrentRowId).ToListAsync(cancellationToken);
            var hasNext = page.Count > query.Count;
            var rowIds = page.Take(query.Count).ToList();
            var rows = await LoadRowsAsync(rowIds, cancellationToken);
            foreach (var row in rows)
            {
                bundle.Entry.Add(Entry(baseUrl, row, Bundle.SearchEntryMode.Match));
            }

            await AddIncludesAsync(bundle, query, rows, baseUrl, cancellationToken);
            AddLinks(bundle, query, type, baseUrl, hasNext, total);
        }
        else
        {
            AddLinks(bundle, query, type, baseUrl, hasNext: false, total);
        }

        if (query.Ignored.Count > 0)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                Resource = Outcomes.Outcome(OperationOutcome.IssueSeverity.Warning, OperationOutcome.IssueType.NotSupported, "Ignored search parameters: " + string.Join(", ", query.Ignored)),
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Outcome },
            });
        }

        return FhirResponse.Of(StatusCodes.Status200OK, bundle);
    }

    private IQueryable<ResourceRow> Filter(SearchQuery query)
    {
        var type = query.ResourceType;
        IQueryable<ResourceRow> rows = VisibleResources.Where(r => r.ResourceType == type && !r.IsDeleted);
        var translator = new ClauseTranslator(db);
        foreach (var clause in query.Clauses)
        {
            rows = rows.Where(translator.Translate(type, clause));
        }

        return rows;
    }

    private IQueryable<ResourceRow> Sort(IQueryable<ResourceRow> rows, SearchQuery query)
    {
        if (query.Sort.Count == 0)
        {
            return rows.OrderByDescending(r => r.LastUpdatedMs).ThenBy(r => r.ResourceId);
        }

        IOrderedQueryable<ResourceRow>? ordered = null;
        foreach (var key in query.Sort)
        {
            ordered = key.Param switch
            {
                "_lastUpdated" => Then(ordered, rows, r => r.LastUpdatedMs, key.Descending),
                "_id" => Then(ordered, rows, r => r.ResourceId, key.Descending),
                _ => SortByIndex(ordered, rows, query.ResourceType, key),
            };
        }

        return ordered!.ThenBy(r => r.ResourceId);
    }

    private IOrderedQueryable<ResourceRow> SortByIndex(IOrderedQueryable<ResourceRow>? ordered, IQueryable<ResourceRow> rows, string type, SortKey key)
    {
        var param = key.Param;
        var strings = db.StringIndex.Where(s => s.ResourceType == type && s.Param == param);
        var dates = db.DateIndex.Where(s => s.ResourceType == type && s.Param == param);
        var numbers = db.QuantityIndex.Where(s => s.ResourceType == type && s.Param == param);
        var tokens = db.TokenIndex.Where(s => s.ResourceType == type && s.Param == param);
        return registry.Find(type, param)?.Type switch
        {
            SearchParamType.Date => Then(ordered, rows, r => dates.Where(d => d.ResourceId == r.ResourceId).Min(d => (long?)d.StartMs), key.Descending),
            SearchParamType.Number or SearchParamType.Quantity => Then(ordered, rows, r => numbers.Where(d => d.ResourceId == r.ResourceId).Min(d => (double?)d.Value), key.Descending),
            SearchParamType.Token => Then(ordered, rows, r => tokens.Where(d => d.ResourceId == r.ResourceId).Min(d => d.Code), key.Descending),
            _ => Then(ordered, rows, r => strings.Where(d => d.ResourceId == r.ResourceId).Min(d => d.Normalized), key.Descending),
        };
    }

    private static IOrderedQueryable<ResourceRow> Then<TKey>(IOrderedQueryable<ResourceRow>? ordered, IQueryable<ResourceRow> rows, Expression<Func<ResourceRow, TKey>> key, bool descending) =>
        ordered is null
            ? (descending ? rows.OrderByDescending(key) : rows.OrderBy(key))
            : (descending ? ordered.ThenByDescending(key) : ordered.ThenBy(key));

    private async Task<List<ResourceVersionRow>> LoadRowsAsync(List<long> rowIds, CancellationToken cancellationToken)
    {
        var rows = await db.ResourceVersions.AsNoTracking().Where(v => rowIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, cancellationToken);
        return rowIds.Where(rows.ContainsKey).Select(id => rows[id]).ToList();
    }

    private async Task AddIncludesAsync(Bundle bundle, SearchQuery query, List<ResourceVersionRow> matches, string baseUrl, CancellationToken cancellationToken)
    {
        if (query.Includes.Count == 0 && query.RevIncludes.Count == 0 || matches.Count == 0)
        {
            return;
        }

        var seen = matches.Select(m => (m.ResourceType, m.ResourceId)).ToHashSet();
        var ids = matches.Select(m => m.ResourceId).ToList();
        var type = query.ResourceType;
        var targets = new List<(string Type, string Id)>();
        foreach (var include in query.Includes)
        {
            var parts = include.Replace(":iterate", string.Empty, StringComparison.Ordinal).Split(':');
            if (parts.Length < 2 || parts[0] != type)
            {
                continue;
            }

            var param = parts[1];
            var targetType = parts.Length > 2 ? parts[2] : null;
            var refs = db.ReferenceIndex.AsNoTracking().Where(r => r.ResourceType == type && ids.Contains(r.ResourceId) && r.TargetId != null);
            if (param != "*")
            {
                refs = refs.Where(r => r.Param == param);
            }

            if (targetType is not null)
            {
                refs = refs.Where(r => r.TargetType == targetType);
            }

            targets.AddRange((await refs.Select(r => new { r.TargetType, r.TargetId }).ToListAsync(cancellationToken)).Select(r => (r.TargetType!, r.TargetId!)));
        }

        foreach (var revInclude in query.RevIncludes)
        {
            var parts = revInclude.Replace(":iterate", string.Empty, StringComparison.Ordinal).Split(':');
            if (parts.Length < 2)
            {
                continue;
            }

            var sourceType = parts[0];
            var param = parts[1];
            var refs = db.ReferenceIndex.AsNoTracking().Where(r => r.ResourceType == sourceType && r.TargetType == type && ids.Contains(r.TargetId!));
            if (param != "*")
            {
                refs = refs.Where(r => r.Param == param);
            }

            targets.AddRange((await refs.Select(r => new { r.ResourceType, r.ResourceId }).ToListAsync(cancellationToken)).Select(r => (r.ResourceType, r.ResourceId)));
        }

        var wanted = targets.Where(seen.Add).ToList();
        foreach (var group in wanted.GroupBy(t => t.Type))
        {
            var groupIds = group.Select(g => g.Id).ToList();
            var groupType = group.Key;
            var current = await VisibleResources
                .Where(r => r.ResourceType == groupType && groupIds.Contains(r.ResourceId) && !r.IsDeleted)
                .Select(r => r.CurrentRowId).ToListAsync(cancellationToken);
            foreach (var row in await LoadRowsAsync(current, cancellationToken))
            {
                bundle.Entry.Add(Entry(baseUrl, row, Bundle.SearchEntryMode.Include));
            }
        }
    }

    private Bundle.EntryComponent Entry(string baseUrl, ResourceVersionRow row, Bundle.SearchEntryMode mode) => new()
    {
        FullUrl = $"{baseUrl}/{row.ResourceType}/{row.ResourceId}",
        Resource = serializer.FromStoredJson(row.Json!),
        Search = new Bundle.SearchComponent { Mode = mode },
    };

    private static void AddLinks(Bundle bundle, SearchQuery query, string type, string baseUrl, bool hasNext, int? total)
    {
        string Link(int offset)
        {
            var parameters = query.LinkParameters
                .Append(new("_count", query.Count.ToString(CultureInfo.InvariantCulture)))
                .Append(new("_offset", offset.ToString(CultureInfo.InvariantCulture)));
            return $"{baseUrl}/{type}?" + QueryStrings.Format(parameters);
        }

        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = Link(query.Offset) });
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "first", Url = Link(0) });
        if (query.Offset > 0 && query.Count > 0)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "previous", Url = Link(Math.Max(0, query.Offset - query.Count)) });
        }

        if (hasNext)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = Link(query.Offset + query.Count) });
        }

        if (total is { } t && query.Count > 0)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "last", Url = Link(Math.Max(0, (t - 1) / query.Count * query.Count)) });
        }
    }
}
