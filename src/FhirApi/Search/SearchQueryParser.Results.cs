using System.Globalization;
using FhirChain.FhirApi.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;

namespace FhirChain.FhirApi.Search;

/// <summary>The result parameters: paging, order, total, shape and includes.</summary>
internal sealed partial class SearchQueryParser
{
    /// <summary>A result parameter (paging, order, total, shape, includes); <paramref name="types"/> are the types searched, which every <c>_sort</c> key must suit.</summary>
    private FhirResponse? ParseControl(SearchQuery query, string rawName, string value, bool strict, IReadOnlyCollection<string> types) => rawName switch
    {
        "_count" => ParseCount(query, value),
        "_offset" => ParseOffset(query, value),
        "_cursor" => ParseCursor(query, value),
        "_sort" => ParseSort(query, value, strict, types),
        "_total" => ParseTotal(query, value),
        "_summary" => ParseSummary(query, value),
        "_elements" => ParseElements(query, value),
        "_include" or "_include:iterate" => AddTo(query.Includes, query, rawName, value),
        _ => AddTo(query.RevIncludes, query, rawName, value),
    };

    private static FhirResponse? ParseCount(SearchQuery query, string value)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return Outcomes.BadRequest($"_count must be a non-negative integer, not '{value}'.", "_count");
        }

        query.Count = Math.Min(count, SearchDefaults.MaxPageSize);
        return null;
    }

    private static FhirResponse? ParseOffset(SearchQuery query, string value)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            return Outcomes.BadRequest($"_offset must be a non-negative integer, not '{value}'.", "_offset");
        }

        query.Offset = offset;
        return null;
    }

    private static FhirResponse? ParseCursor(SearchQuery query, string value)
    {
        if (PageCursor.TryParse(value) is not { } cursor)
        {
            return Outcomes.BadRequest($"_cursor '{value}' is not a cursor this server issued.", "_cursor");
        }

        query.Cursor = cursor;
        return null;
    }

    private FhirResponse? ParseSort(SearchQuery query, string value, bool strict, IReadOnlyCollection<string> types)
    {
        foreach (var key in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var descending = key.StartsWith('-');
            var code = descending ? key[1..] : key;
            if (SortType(types, code) is not { } type)
            {
                var searched = types.Count == registry.Types.Count ? "every resource type" : string.Join(", ", types);
                if (Unknown(query, "_sort", $"Cannot sort by '{code}': it is not a sortable parameter of {searched}.", strict) is { } error)
                {
                    return error;
                }

                continue;
            }

            if (query.Sort.Any(k => k.Param == code))
            {
                return Outcomes.BadRequest($"_sort names '{code}' twice.", "_sort");
            }

            var stored = types.SelectMany(t => registry.Find(t, code)?.StoredAs ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            query.Sort.Add(new SortKey(code, descending, type) { StoredAs = stored.Length > 0 ? stored : [code] });
        }

        if (query.Sort.Count > 0)
        {
            query.LinkParameters.Add(new("_sort", string.Join(",", query.Sort)));
        }

        return null;
    }

    /// <summary>The type of a sortable parameter, when every type searched defines it with the same type.</summary>
    private SearchParamType? SortType(IEnumerable<string> types, string code)
    {
        switch (code)
        {
            case "_id":
                return SearchParamType.Token;
            case "_lastUpdated":
                return SearchParamType.Date;
        }

        SearchParamType? shared = null;
        foreach (var type in types)
        {
            if (registry.Find(type, code) is not { Type: SearchParamType.String or SearchParamType.Date or SearchParamType.Token or SearchParamType.Number or SearchParamType.Quantity or SearchParamType.Reference or SearchParamType.Uri } definition
                || definition.Expression is null
                || (shared is not null && shared != definition.Type))
            {
                return null;
            }

            shared = definition.Type;
        }

        return shared;
    }

    private static FhirResponse? ParseTotal(SearchQuery query, string value)
    {
        if (value is not ("none" or "estimate" or "accurate"))
        {
            return Outcomes.BadRequest($"_total must be none, estimate or accurate, not '{value}'.", "_total");
        }

        query.Total = value;
        query.LinkParameters.Add(new("_total", value));
        return null;
    }

    private static FhirResponse? ParseSummary(SearchQuery query, string value)
    {
        SummaryType? summary = value switch
        {
            "true" => SummaryType.True,
            "text" => SummaryType.Text,
            "data" => SummaryType.Data,
            "count" => SummaryType.Count,
            "false" => SummaryType.False,
            _ => null,
        };
        if (summary is null)
        {
            return Outcomes.BadRequest($"_summary must be true, text, data, count or false, not '{value}'.", "_summary");
        }

        query.Summary = summary;
        query.LinkParameters.Add(new("_summary", value));
        return null;
    }

    private static FhirResponse? ParseElements(SearchQuery query, string value)
    {
        query.Elements = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        query.LinkParameters.Add(new("_elements", value));
        return null;
    }

    private static FhirResponse? AddTo(List<string> list, SearchQuery query, string name, string value)
    {
        list.Add(name.EndsWith(":iterate", StringComparison.Ordinal) ? value + ":iterate" : value);
        query.LinkParameters.Add(new(name, value));
        return null;
    }
}
