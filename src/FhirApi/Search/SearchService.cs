using System.Globalization;
using System.Linq.Expressions;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Storage;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Search;

/// <summary>Runs parsed searches against the index tables and builds searchset bundles.</summary>
internal sealed partial class SearchService(FhirDbContext db, SearchQueryParser parser, SearchParameterRegistry registry, FhirSerializer serializer, ISearchScope searchScope)
{
    /// <summary>The current resources this request may see: the one seam where consent and compartment rules apply.</summary>
    private IQueryable<ResourceRow> VisibleResources => searchScope.Restrict(db.Resources.AsNoTracking());

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
    public Task<FhirResponse> SearchTypeAsync(string type, IEnumerable<KeyValuePair<string, string>> parameters, bool strict, string baseUrl, CancellationToken cancellationToken) =>
        SearchAsync(type, parameters, strict, baseUrl, $"{baseUrl}/{type}", scope: null, cancellationToken);

    private async Task<FhirResponse> SearchAsync(string type, IEnumerable<KeyValuePair<string, string>> parameters, bool strict, string baseUrl, string selfPath, Expression<Func<ResourceRow, bool>>? scope, CancellationToken cancellationToken)
    {
        if (!registry.IsKnownType(type))
        {
            return Outcomes.NotFound($"'{type}' is not a FHIR R4 resource type.");
        }

        var parsed = parser.Parse(type, parameters, strict);
        if (parsed.Query is not { } query)
        {
            return parsed.Error!;
        }

        var filtered = Filter(query);
        if (scope is not null)
        {
            filtered = filtered.Where(scope);
        }

        int? total = query.Total == "none" && query.Summary != SummaryType.Count ? null : await filtered.CountAsync(cancellationToken);
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset, Total = total, Id = IdRules.NewId(), Meta = new Meta { LastUpdated = DateTimeOffset.UtcNow } };
        var links = new PageLinks(selfPath, query);
        if (query.Summary != SummaryType.Count && query.Count > 0)
        {
            var keyset = query.Sort.Count == 0;
            var ordered = Sort(filtered, query);
            if (keyset && query.Cursor is { } cursor)
            {
                var (ms, id) = (cursor.LastUpdatedMs, cursor.ResourceId);
                ordered = ordered.Where(r => r.LastUpdatedMs < ms || (r.LastUpdatedMs == ms && string.Compare(r.ResourceId, id) > 0));
            }
            else if (!keyset)
            {
                ordered = ordered.Skip(query.Offset);
            }

            var page = await ordered.Take(query.Count + 1).Select(r => new { r.CurrentRowId, r.LastUpdatedMs, r.ResourceId }).ToListAsync(cancellationToken);
            var shown = page.Take(query.Count).ToList();
            var rows = await LoadRowsAsync(shown.Select(p => p.CurrentRowId).ToList(), cancellationToken);
            foreach (var row in rows)
            {
                bundle.Entry.Add(Entry(baseUrl, row, Bundle.SearchEntryMode.Match, query));
            }

            await AddIncludesAsync(bundle, query, rows, baseUrl, cancellationToken);
            var last = page.Count > query.Count ? shown[^1] : null;
            links.Add(bundle, keyset, last is null ? null : new PageCursor(last.LastUpdatedMs, last.ResourceId), total);
        }
        else
        {
            links.Add(bundle, keyset: false, next: null, total);
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

    /// <summary>One entry; <c>_summary</c> and <c>_elements</c> shape each entry's resource (marked SUBSETTED), never the Bundle.</summary>
    private Bundle.EntryComponent Entry(string baseUrl, ResourceVersionRow row, Bundle.SearchEntryMode mode, SearchQuery query) => new()
    {
        FullUrl = $"{baseUrl}/{row.ResourceType}/{row.ResourceId}",
        Resource = Shape(serializer.FromStoredJson(row.Json!), query),
        Search = new Bundle.SearchComponent { Mode = mode },
    };

    private Resource Shape(Resource resource, SearchQuery query)
    {
        Func<SerializationFilter>? filter = query.Elements is { Length: > 0 } elements
            ? SerializationFilter.ForElementsFactory(elements)
            : query.Summary switch
            {
                SummaryType.True => SerializationFilter.ForSummary,
                SummaryType.Text => SerializationFilter.ForText,
                SummaryType.Data => SerializationFilter.ForData,
                _ => null,
            };
        if (filter is null)
        {
            return resource;
        }

        var shaped = serializer.ParseJson(System.Text.Encoding.UTF8.GetBytes(serializer.ToJson(resource, pretty: false, filter))).Resource ?? resource;
        shaped.Meta ??= new Meta();
        if (!shaped.Meta.Tag.Any(t => t.Code == "SUBSETTED"))
        {
            shaped.Meta.Tag.Add(new Coding("http://terminology.hl7.org/CodeSystem/v3-ObservationValue", "SUBSETTED"));
        }

        return shaped;
    }
}
