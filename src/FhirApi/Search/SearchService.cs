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
internal sealed partial class SearchService(FhirDbContext db, SearchQueryParser parser, SearchParameterRegistry registry, FhirSerializer serializer, ISearchScope searchScope, ValueSetResolver valueSets, CodeSystemResolver codeSystems, SearchTotals totals)
{
    /// <summary>The current resources this request may see: the one seam where consent and compartment rules apply.</summary>
    private IQueryable<ResourceRow> VisibleResources => searchScope.Restrict(db.Resources.AsNoTracking());

    /// <summary>Ids of current resources matching a query string (for conditional create, update, delete and references).</summary>
    public async Task<SearchIdsResult> FindIdsAsync(string type, string queryString, int limit, CancellationToken cancellationToken)
    {
        var pairs = QueryStrings.Parse(queryString);
        var parsed = parser.Parse(type, pairs, strict: true, await TerminologyAsync(pairs, cancellationToken));
        if (parsed.Query is null)
        {
            return new SearchIdsResult([], parsed.Error);
        }

        if (parsed.Query.Clauses.Count == 0)
        {
            return new SearchIdsResult([], Outcomes.BadRequest($"The conditional criteria '{queryString}' select nothing: give at least one search parameter.", type));
        }

        var ids = await (await FilterAsync(parsed.Query, withinScope: true, cancellationToken)).OrderBy(r => r.ResourceId).Select(r => r.ResourceId).Take(limit).ToListAsync(cancellationToken);
        return new SearchIdsResult(ids, null);
    }

    /// <summary>
    /// Whether conditional criteria match a current resource the request's scope hides (a patient token's
    /// criteria matching another patient's data, a research client's matching unconsented data). Asked
    /// only when the visible matches are none, before a conditional create or update would store a second
    /// resource beside the hidden one; false for an unrestricted request or invalid criteria.
    /// </summary>
    public async Task<bool> MatchesHiddenAsync(string type, string queryString, CancellationToken cancellationToken)
    {
        if (!searchScope.IsRestricted)
        {
            return false;
        }

        var pairs = QueryStrings.Parse(queryString);
        var parsed = parser.Parse(type, pairs, strict: true, await TerminologyAsync(pairs, cancellationToken));
        return parsed.Query is { Clauses.Count: > 0 } query
            && await (await FilterAsync(query, withinScope: false, cancellationToken)).AnyAsync(cancellationToken);
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

        var pairs = parameters.ToList();
        var parsed = parser.Parse(type, pairs, strict, await TerminologyAsync(pairs, cancellationToken));
        if (parsed.Query is not { } query)
        {
            return parsed.Error!;
        }

        return await RespondAsync(query, await PlanAsync(query, scope, withinScope: true, cancellationToken), acrossTypes: false, baseUrl, selfPath, cancellationToken);
    }

    /// <summary>
    /// The searchset of a parsed query over its planned rows: one page in the query's order (from a
    /// cursor forwards or backwards), includes, links, and the total (told by the page itself when it
    /// holds every match, else counted, from the index tables alone when they can).
    /// </summary>
    private async Task<FhirResponse> RespondAsync(SearchQuery query, SearchPlan plan, bool acrossTypes, string baseUrl, string selfPath, CancellationToken cancellationToken)
    {
        var order = OrderFor(query, acrossTypes, unindexed: plan.Narrowed);
        var position = query.Cursor is { } cursor ? order.Read(cursor) : null;
        if (query.Cursor is not null && position is null)
        {
            return Outcomes.BadRequest($"_cursor was not issued for this search's order ({order.Signature}).", "_cursor");
        }

        var bundle = new StoredBundle(Bundle.BundleType.Searchset, serializer);
        var links = new PageLinks(selfPath, query);
        if (query.Summary != SummaryType.Count && query.Count > 0)
        {
            var (paged, total, counted) = await CountFirstAsync(query, plan, cancellationToken);
            var page = await PageAsync(query, order, position, paged, total, acrossTypes, cancellationToken);
            bundle.Skeleton.Total = counted ? total : page.Complete is { } all && query.Total == "accurate" ? all : await totals.CountAsync(query, plan.Rows, plan.IndexOnlyIds, cancellationToken);
            var rows = await LoadRowsAsync(page.RowIds, cancellationToken);
            foreach (var row in rows)
            {
                AddEntry(bundle, baseUrl, row, Bundle.SearchEntryMode.Match, query);
            }

            await AddIncludesAsync(bundle, query, rows, baseUrl, cancellationToken);
            links.Add(bundle.Skeleton, page.Next, page.Previous, order.LastCursor());
        }
        else
        {
            bundle.Skeleton.Total = query.Total == "accurate" && await ScopedTotalAsync(plan, cancellationToken) is { } scoped
                ? scoped
                : await totals.CountAsync(query, plan.Rows, plan.IndexOnlyIds, cancellationToken);
            links.Add(bundle.Skeleton, next: null, previous: null, last: null);
        }

        if (query.Ignored.Count > 0)
        {
            var ignored = query.Ignored.Select(i => Outcomes.Issue(OperationOutcome.IssueSeverity.Warning, OperationOutcome.IssueType.NotSupported, $"Ignored search parameter {i.Name}: {i.Reason}", i.Name));
            bundle.Add(
                new Bundle.EntryComponent
                {
                    Resource = new OperationOutcome { Issue = [.. ignored] },
                    Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Outcome },
                },
                json: null);
        }

        return FhirResponse.Of(StatusCodes.Status200OK, bundle);
    }

    /// <summary>The stored ValueSets and CodeSystems the query's <c>:in</c>/<c>:not-in</c> and <c>:above</c>/<c>:below</c> values name, loaded before parsing.</summary>
    private async Task<Terminology> TerminologyAsync(IReadOnlyList<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        var references = SearchQueryParser.ValueSetReferences(parameters).ToList();
        var systems = SearchQueryParser.CodeSystemReferences(parameters).ToList();
        if (references.Count == 0 && systems.Count == 0)
        {
            return Terminology.None;
        }

        return new Terminology(
            references.Count == 0 ? ValueSetExpansions.None : await valueSets.ResolveAsync(references, cancellationToken),
            systems.Count == 0 ? CodeSystemHierarchies.None : await codeSystems.ResolveAsync(systems, cancellationToken));
    }

    private async Task<List<ResourceVersionRow>> LoadRowsAsync(List<long> rowIds, CancellationToken cancellationToken)
    {
        var rows = await db.ResourceVersions.AsNoTracking().Where(v => rowIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, cancellationToken);
        return rowIds.Where(rows.ContainsKey).Select(id => rows[id]).ToList();
    }

    /// <summary>
    /// One entry, carrying the version's stored JSON; <c>_summary</c> and <c>_elements</c> shape each entry's
    /// resource (marked SUBSETTED), never the Bundle, so a shaped entry carries the shaped resource instead.
    /// </summary>
    private void AddEntry(StoredBundle bundle, string baseUrl, ResourceVersionRow row, Bundle.SearchEntryMode mode, SearchQuery query)
    {
        var entry = new Bundle.EntryComponent
        {
            FullUrl = $"{baseUrl}/{row.ResourceType}/{row.ResourceId}",
            Search = new Bundle.SearchComponent { Mode = mode },
        };
        if (ShapeFilter(query) is { } filter)
        {
            entry.Resource = Shape(serializer.FromStoredJson(row.Json!), filter);
            bundle.Add(entry, json: null);
        }
        else
        {
            bundle.Add(entry, row.Json!);
        }
    }

    private static Func<SerializationFilter>? ShapeFilter(SearchQuery query) =>
        query.Elements is { Length: > 0 } elements
            ? SerializationFilter.ForElementsFactory(elements)
            : query.Summary switch
            {
                SummaryType.True => SerializationFilter.ForSummary,
                SummaryType.Text => SerializationFilter.ForText,
                SummaryType.Data => SerializationFilter.ForData,
                _ => null,
            };

    private Resource Shape(Resource resource, Func<SerializationFilter> filter)
    {
        var shaped = serializer.ParseJson(System.Text.Encoding.UTF8.GetBytes(serializer.ToJson(resource, pretty: false, filter))).Resource ?? resource;
        shaped.Meta ??= new Meta();
        if (!shaped.Meta.Tag.Any(t => t.Code == "SUBSETTED"))
        {
            shaped.Meta.Tag.Add(new Coding("http://terminology.hl7.org/CodeSystem/v3-ObservationValue", "SUBSETTED"));
        }

        return shaped;
    }
}
