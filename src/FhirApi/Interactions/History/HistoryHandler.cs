using System.Globalization;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Log;
using FhirChain.FhirApi.Search;
using FhirChain.FhirApi.Storage;
using Hl7.Fhir.Model;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Interactions.History;

/// <summary>
/// History at the three levels, newest first (by version row, which is also the order versions were
/// written), paged by a keyset cursor on that row id: a new version always lands before the first page,
/// so a later page neither repeats nor skips a version because of it, unlike an offset.
/// </summary>
internal sealed partial class HistoryHandler(ResourceStore store, FhirSerializer serializer, LogVerifier verifier, ISearchScope searchScope) : IRequestHandler<HistoryRequest, FhirResponse>
{
    public async ValueTask<FhirResponse> Handle(HistoryRequest request, CancellationToken cancellationToken)
    {
        var db = store.Db;
        var count = SearchDefaults.PageSize;
        var offset = 0;
        PageCursor? cursor = null;
        long? position = null;
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
                case "_cursor" when PageCursor.TryParse(value) is { } c && HistoryOrder.TryRead(c, out var p):
                    (cursor, position) = (c, p);
                    break;
                case "_cursor":
                    return Outcomes.BadRequest($"_cursor '{value}' is not a history cursor this server issued.", name);
                case "_count" or "_offset" or "_since" or "_at":
                    return Outcomes.BadRequest($"History parameter '{name}' has a malformed value '{value}'.", name);
                case "_format" or "_pretty" or "_list" or "_sort":
                    break;
                default:
                    return Outcomes.BadRequest($"'{name}' is not a history parameter (use _count, _since, _at; _cursor comes from paging links).", name);
            }
        }

        if (request.Id is { } id)
        {
            var stored = await db.ResourceVersions.AsNoTracking().CountAsync(v => v.ResourceType == request.Type && v.ResourceId == id, cancellationToken);
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

        // A restricted history counts and pages only the versions the request may see, each judged by its own content.
        var range = new HistoryRange(request.Type, request.Id, since, at);
        var rows = range.Versions(db);
        var total = searchScope.IsRestricted ? await searchScope.CountHistoryAsync(range, cancellationToken) : await rows.CountAsync(cancellationToken);
        var bundle = new StoredBundle(Bundle.BundleType.History, serializer);
        bundle.Skeleton.Total = total;
        var page = count > 0 ? await PageAsync(rows, cursor, position, count, offset, cancellationToken) : HistoryPage.Empty;
        foreach (var row in page.Rows)
        {
            var proof = await verifier.ProveAsync(db, row, cancellationToken);
            if (!proof.Verified)
            {
                return Outcomes.Tampered($"{row.ResourceType}/{row.ResourceId} version {row.VersionId} failed its provenance check: {proof.Failure}");
            }

            bundle.Add(Entry(request.BaseUrl, row), row.Json);
        }

        var path = request.Type is null ? "_history" : request.Id is null ? $"{request.Type}/_history" : $"{request.Type}/{request.Id}/_history";
        var links = new PageLinks($"{request.BaseUrl}/{path}", request.Parameters.Where(p => p.Key is "_since" or "_at").ToList(), count, cursor, offset);
        links.Add(bundle.Skeleton, page.Next, page.Previous, count > 0 ? HistoryOrder.LastCursor : null);
        return FhirResponse.Of(StatusCodes.Status200OK, bundle);
    }
}
