using System.Globalization;
using FhirChain.FhirApi.Fhir;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Search;

/// <summary>self, first and next (and previous/last for offset paging) links of a searchset.</summary>
internal sealed class PageLinks(string path, SearchQuery query)
{
    public void Add(Bundle bundle, bool keyset, PageCursor? next, int? total)
    {
        var count = query.Count.ToString(CultureInfo.InvariantCulture);
        string Url(params KeyValuePair<string, string>[] paging) => path + "?" + QueryStrings.Format(query.LinkParameters.Append(new("_count", count)).Concat(paging));
        string OffsetUrl(int offset) => Url(new KeyValuePair<string, string>("_offset", offset.ToString(CultureInfo.InvariantCulture)));

        if (keyset)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = query.Cursor is { } current ? Url(new KeyValuePair<string, string>("_cursor", current.Encode())) : Url() });
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "first", Url = Url() });
            if (next is not null)
            {
                bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = Url(new KeyValuePair<string, string>("_cursor", next.Encode())) });
            }

            return;
        }

        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = OffsetUrl(query.Offset) });
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "first", Url = OffsetUrl(0) });
        if (query.Offset > 0 && query.Count > 0)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "previous", Url = OffsetUrl(Math.Max(0, query.Offset - query.Count)) });
        }

        if (next is not null)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = OffsetUrl(query.Offset + query.Count) });
        }

        if (total is { } t && query.Count > 0)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "last", Url = OffsetUrl(Math.Max(0, (t - 1) / query.Count * query.Count)) });
        }
    }
}
