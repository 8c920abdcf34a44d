using System.Globalization;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Log;
using FhirChain.FhirApi.Search;
using FhirChain.FhirApi.Storage;
using Hl7.Fhir.Model;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Interactions.History;

internal sealed class HistoryHandler(ResourceStore store, FhirSerializer serializer, LogVerifier verifier, ISearchScope searchScope) : IRequestHandler<HistoryRequest, FhirResponse>
{
    public async ValueTask<FhirResponse> Handle(HistoryRequest request, CancellationToken cancellationToken)
    {
        var db = store.Db;
        var count = SearchDefaults.PageSize;
        var offset = 0;
        long? since = null;
        long? at = null;
        foreach (var (name, value) in request.Parameters)
        {
            switch (name)
            {
                case "_count" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var c):
                    count = Math.Min(c, SearchDefaults.MaxPageSize);
                    break;
                case "_offset" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var o):
                    offset = o;
                    break;
                case "_since" when FhirDateRange.TryParse(value, out var s, out _):
                    since = s;
                    break;
                case "_at" when FhirDateRange.TryParse(value, out _, out var e):
                    at = e;
                    break;
                case "_count" or "_offset" or "_since" or "_at":
                    return Outcomes.BadRequest($"History parameter '{name}' has a malformed value '{value}'.", name);
                case "_format" or "_pretty" or "_list" or "_sort":
                    break;
                default:
                    return Outcomes.BadRequest($"'{name}' is not a history parameter (use _count, _since, _at).", name);
            }
        }

        var rows = db.ResourceVersions.AsNoTracking();
        if (request.Type is { } type)
        {
            rows = rows.Where(v => v.ResourceType == type);
        }

        if (request.Id is { } id)
        {
            rows = rows.Where(v => v.ResourceId == id);
            var stored = await rows.CountAsync(cancellationToken);
            var logged = await db.LogLeaves.AsNoTracking().CountAsync(l => l.ResourceType == request.Type && l.ResourceId == id, cancellationToken);
            if (logged == 0)
            {
                return Outcomes.NotFound($"{request.Type}/{id} is not known.");
            }

            if (stored != logged)
            {
                return Outcomes.Tampered($"{request.Type}/{id} has {logged} versions in the provenance log but {stored} in storage: its history was altered.");
            }
        }

        if (since is { } sinceMs)
        {
            rows = rows.Where(v => v.LastUpdatedMs >= sinceMs);
        }

        if (at is { } atMs)
        {
            rows = rows.Where(v => v.LastUpdatedMs <= atMs);
        }

        // Only the versions the request may see, each judged by its own content, before counting and paging.
        rows = await searchScope.RestrictHistoryAsync(rows, cancellationToken);

        var total = await rows.CountAsync(cancellationToken);
        var page = await rows.OrderByDescending(v => v.Id).Skip(offset).Take(count + 1).ToListAsync(cancellationToken);
        var bundle = new Bundle { Type = Bundle.BundleType.History, Total = total, Id = IdRules.NewId(), Meta = new Meta { LastUpdated = DateTimeOffset.UtcNow } };
        foreach (var row in page.Take(count))
        {
            var proof = await verifier.ProveAsync(db, row, cancellationToken);
            if (!proof.Verified)
            {
                return Outcomes.Tampered($"{row.ResourceType}/{row.ResourceId} version {row.VersionId} failed its provenance check: {proof.Failure}");
            }

            bundle.Entry.Add(Entry(request.BaseUrl, row));
        }

        AddLinks(bundle, request, count, offset, page.Count > count, total);
        return FhirResponse.Of(StatusCodes.Status200OK, bundle);
    }

    private Bundle.EntryComponent Entry(string baseUrl, ResourceVersionRow row)
    {
        var versionId = row.VersionId.ToString(CultureInfo.InvariantCulture);
        var entry = new Bundle.EntryComponent
        {
            FullUrl = $"{baseUrl}/{row.ResourceType}/{row.ResourceId}",
            Request = new Bundle.RequestComponent
            {
                Method = row.Operation switch
                {
                    VersionOperation.Create when row.VersionId == 1 => Bundle.HTTPVerb.POST,
                    VersionOperation.Delete => Bundle.HTTPVerb.DELETE,
                    _ => Bundle.HTTPVerb.PUT,
                },
                Url = row.Operation == VersionOperation.Create && row.VersionId == 1 ? row.ResourceType : $"{row.ResourceType}/{row.ResourceId}",
            },
            Response = new Bundle.ResponseComponent
            {
                Status = row.Operation switch
                {
                    VersionOperation.Create => "201 Created",
                    VersionOperation.Delete => "204 No Content",
                    _ => "200 OK",
                },
                Etag = ETags.For(row.VersionId),
                LastModified = DateTimeOffset.FromUnixTimeMilliseconds(row.LastUpdatedMs),
                Location = $"{row.ResourceType}/{row.ResourceId}/_history/{versionId}",
            },
        };
        if (row.Json is not null)
        {
            entry.Resource = serializer.FromStoredJson(row.Json);
        }

        return entry;
    }

    private static void AddLinks(Bundle bundle, HistoryRequest request, int count, int offset, bool hasNext, int total)
    {
        var path = request.Type is null ? "_history" : request.Id is null ? $"{request.Type}/_history" : $"{request.Type}/{request.Id}/_history";
        string Link(int at)
        {
            var parameters = request.Parameters.Where(p => p.Key is "_since" or "_at")
                .Append(new("_count", count.ToString(CultureInfo.InvariantCulture)))
                .Append(new("_offset", at.ToString(CultureInfo.InvariantCulture)));
            return $"{request.BaseUrl}/{path}?{QueryStrings.Format(parameters)}";
        }

        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = Link(offset) });
        if (offset > 0 && count > 0)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "previous", Url = Link(Math.Max(0, offset - count)) });
        }

        if (hasNext)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = Link(offset + count) });
        }

        _ = total;
    }
}
