using Hl7.Fhir.Rest;

namespace FhirChain.FhirApi.Search;

/// <summary>A parsed search: what to match (clauses) and how to present it (paging, sort, summary, includes).</summary>
internal sealed record SearchQuery(string ResourceType)
{
    public List<SearchClause> Clauses { get; } = [];

    public int Count { get; set; } = SearchDefaults.PageSize;

    /// <summary>Rows skipped (<c>_offset</c>) after the cursor's position; links never carry it forward.</summary>
    public int Offset { get; set; }

    /// <summary>Keyset position from <c>_cursor</c>: the last row of the previous page in the search's order.</summary>
    public PageCursor? Cursor { get; set; }

    public List<SortKey> Sort { get; } = [];

    public string Total { get; set; } = "accurate";

    public SummaryType? Summary { get; set; }

    public string[]? Elements { get; set; }

    public List<string> Includes { get; } = [];

    public List<string> RevIncludes { get; } = [];

    /// <summary>Parameters ignored under <c>Prefer: handling=lenient</c>, reported back to the client.</summary>
    public List<IgnoredParameter> Ignored { get; } = [];

    /// <summary>The parameters that define the result set, as they go into self/next links.</summary>
    public List<KeyValuePair<string, string>> LinkParameters { get; } = [];
}
