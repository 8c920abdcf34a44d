using System.Globalization;
using FhirChain.FhirApi.Fhir;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// self, first, previous, next and last links of a searchset or a history. Every link repeats the
/// parameters that were applied and <c>_count</c>; <c>next</c> carries the keyset <c>_cursor</c> after the
/// page's last row, <c>previous</c> a backward cursor before its first row, <c>last</c> a backward
/// cursor from the end, and <c>self</c> the cursor (or <c>_offset</c>) the page was asked with.
/// Because each is a position, not a page number, they stay right while resources are added or removed.
/// </summary>
internal sealed class PageLinks(string path, IEnumerable<KeyValuePair<string, string>> parameters, int pageSize, PageCursor? cursor, int offset)
{
    public PageLinks(string path, SearchQuery query)
        : this(path, query.LinkParameters, query.Count, query.Cursor, query.Offset)
    {
    }

    public void Add(Bundle bundle, PageCursor? next, PageCursor? previous, PageCursor? last)
    {
        var count = pageSize.ToString(CultureInfo.InvariantCulture);
        string Url(params KeyValuePair<string, string>[] paging) => path + "?" + QueryStrings.Format(parameters.Append(new("_count", count)).Concat(paging));

        var position = new List<KeyValuePair<string, string>>();
        if (cursor is { } current)
        {
            position.Add(new("_cursor", current.Encode()));
        }

        if (offset > 0)
        {
            position.Add(new("_offset", offset.ToString(CultureInfo.InvariantCulture)));
        }

        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = Url([.. position]) });
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "first", Url = Url() });
        foreach (var (relation, neighbour) in new[] { ("previous", previous), ("next", next), ("last", last) })
        {
            if (neighbour is not null)
            {
                bundle.Link.Add(new Bundle.LinkComponent { Relation = relation, Url = Url(new KeyValuePair<string, string>("_cursor", neighbour.Encode())) });
            }
        }
    }
}
