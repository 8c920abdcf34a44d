using System.Linq.Expressions;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Storage;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Search;

/// <summary>Patient compartment search and <c>Patient/$everything</c>.</summary>
internal sealed partial class SearchService
{
    /// <summary><c>GET [base]/Patient/{id}/{type}?...</c>: a type search limited to the patient's compartment.</summary>
    public Task<FhirResponse> SearchCompartmentAsync(string compartment, string id, string type, IEnumerable<KeyValuePair<string, string>> parameters, bool strict, string baseUrl, CancellationToken cancellationToken)
    {
        if (compartment != "Patient")
        {
            return System.Threading.Tasks.Task.FromResult(Outcomes.NotSupported($"Only the Patient compartment is supported, not {compartment}."));
        }

        if (!PatientCompartment.Parameters.TryGetValue(type, out var links))
        {
            return System.Threading.Tasks.Task.FromResult(Outcomes.BadRequest($"{type} is not in the Patient compartment.", type));
        }

        var references = db.ReferenceIndex.Where(x => x.ResourceType == type && links.Contains(x.Param) && x.TargetType == "Patient" && x.TargetId == id);
        Expression<Func<ResourceRow, bool>> scope = type == "Patient"
            ? r => r.ResourceId == id || references.Select(x => x.ResourceId).Contains(r.ResourceId)
            : r => references.Select(x => x.ResourceId).Contains(r.ResourceId);
        return SearchAsync(type, parameters, strict, baseUrl, $"{baseUrl}/Patient/{id}/{type}", scope, cancellationToken);
    }

    /// <summary>
    /// <c>GET [base]/Patient/{id}/$everything</c>: the patient and every current resource in its
    /// compartment (optionally only <c>_type</c> types, else the types the token may search; changed
    /// since <c>_since</c>), ordered by type and id and paged by a keyset cursor on that order with
    /// self/first/previous/next/last links, as searches are (a resource added or removed between pages
    /// moves no other one); resources
    /// the page refers to are added as includes (of types the token may read). Everything, the patient's
    /// own record included, passes the request's search scope.
    /// </summary>
    public async Task<FhirResponse> EverythingAsync(string id, IEnumerable<KeyValuePair<string, string>> parameters, string baseUrl, CancellationToken cancellationToken)
    {
        // The patient must exist; whether its own record is shown is up to the request's scope, like the rest of its compartment.
        if (!await db.Resources.AsNoTracking().AnyAsync(r => r.ResourceType == "Patient" && r.ResourceId == id && !r.IsDeleted, cancellationToken))
        {
            return Outcomes.NotFound($"Patient/{id} is not known.");
        }

        var options = EverythingOptions.Parse(parameters);
        if (options.Error is not null)
        {
            return options.Error;
        }

        // Without _type, only the types the token may search (with _type, each named type was required of it).
        var links = options.Types is { } types
            ? PatientCompartment.Links.Where(l => types.Contains(TypeOf(l))).ToArray()
            : PatientCompartment.Links.Where(l => searchScope.MaySearchCompartment(TypeOf(l), id)).ToArray();
        var includePatient = options.Types is null || options.Types.Contains("Patient");
        var since = options.SinceMs;
        var members = db.ReferenceIndex.Where(x => x.TargetType == "Patient" && x.TargetId == id && links.Contains(x.ResourceType + "." + x.Param));
        var rows = VisibleResources
            .Where(r => !r.IsDeleted && r.LastUpdatedMs >= since)
            .Where(r => (includePatient && r.ResourceType == "Patient" && r.ResourceId == id)
                || members.Any(x => x.ResourceType == r.ResourceType && x.ResourceId == r.ResourceId));
        var order = EverythingOrder;
        var position = options.Cursor is { } cursor ? order.Read(cursor) : null;
        if (options.Cursor is not null && position is null)
        {
            return Outcomes.BadRequest($"_cursor was not issued for $everything's order ({order.Signature}).", "_cursor");
        }

        var query = new SearchQuery("Patient") { Count = options.Count, Offset = options.Offset, Cursor = options.Cursor };
        query.Includes.Add("*");
        query.LinkParameters.AddRange(options.LinkParameters);
        var total = await rows.CountAsync(cancellationToken);
        var page = await PageAsync(query, order, position, new SearchPlan(rows, IndexOnlyIds: null, Narrowed: false, Dense: null), total, acrossTypes: true, cancellationToken);
        var loaded = await LoadRowsAsync(page.RowIds, cancellationToken);

        var bundle = new StoredBundle(Bundle.BundleType.Searchset, serializer);
        bundle.Skeleton.Total = total;
        foreach (var row in loaded)
        {
            AddEntry(bundle, baseUrl, row, Bundle.SearchEntryMode.Match, query);
        }

        await AddIncludesAsync(bundle, query, loaded, baseUrl, cancellationToken);
        new PageLinks($"{baseUrl}/Patient/{id}/$everything", query).Add(bundle.Skeleton, page.Next, page.Previous, order.LastCursor());
        return FhirResponse.Of(StatusCodes.Status200OK, bundle);
    }

    /// <summary>$everything's order: by type, then id; neither changes when a resource is updated.</summary>
    private static SearchOrder EverythingOrder { get; } = new(
    [
        new TypedSortColumn<string>("_type", r => r.ResourceType, descending: false, nullable: false),
        new TypedSortColumn<string>("_id", r => r.ResourceId, descending: false, nullable: false),
    ]);

    /// <summary>The resource type of a compartment link <c>Type.param</c>.</summary>
    private static string TypeOf(string link) => link[..link.IndexOf('.', StringComparison.Ordinal)];
}
