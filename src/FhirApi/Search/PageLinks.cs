using System.Globalization;
using FhirChain.FhirApi.Fhir;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Search;

/// <summary>
/// self, first and next links of a searchset. Every link repeats the parameters that were applied
/// and <c>_count</c>; <c>next</c> carries the keyset <c>_cursor</c> after the page's last row, and
/// <c>self</c> the cursor (or <c>_offset</c>) the page was asked with.
/// </summary>
internal sealed class PageLinks(string path, SearchQuery query)
{
    public void Add(Bundle bundle, PageCursor? next)
    {
        var count = query.Count.ToString(CultureInfo.InvariantCulture);
        string Url(params KeyValuePair<string, string>[] paging) => path + "?" + QueryStrings.Format(query.LinkParameters.Append(new("_count", count)).Concat(paging));

        var position = new List<KeyValuePair<string, string>>();
        if (query.Cursor is { } current)
        {
            position.Add(new("_cursor", current.Encode()));
        }

        if (query.Offset > 0)
        {
            position.Add(new("_offset", query.Offset.ToString(CultureInfo.InvariantCulture)));
        }

        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = Url([.. position]) });
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "first", Url = Url() });
        if (next is not null)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = Url(new KeyValuePair<string, string>("_cursor", next.Encode())) });
        }
    }
}
