using System.Net;
using FhirChain.FhirApi.Auth;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;
using static FhirChain.FhirApi.Tests.Consent.ResearchData;
using ConsentResource = Hl7.Fhir.Model.Consent;

namespace FhirChain.FhirApi.Tests.Auth;

/// <summary>
/// Conditional creates and updates (<c>If-None-Exist</c>, <c>PUT Type?criteria</c>, single and in
/// bundles) whose criteria match only data the token may not see get 403 instead of storing a second
/// resource beside it; criteria matching nothing anywhere still create, and conditional deletes still
/// see only the token's data (nothing is created there).
/// </summary>
public sealed class ConditionalWriteScopeTests
{
    private const string ObservationIds = "urn:test:observation";

    private sealed record Pair(string Mine, string Theirs)
    {
        public string MyObservation => Mine + "-obs";
        public string TheirObservation => Theirs + "-obs";

        public string Identifies(string observation) => Uri.EscapeDataString($"{ObservationIds}|{observation}");
    }

    private static Observation Identified(string? id, string patientId, string identifier)
    {
        var observation = Observation(id ?? "x", patientId, HeartRate);
        observation.Id = id;
        observation.Identifier = [new Identifier(ObservationIds, identifier)];
        return observation;
    }

    private static async Task<Pair> SeedAsync(SecuredServer server)
    {
        var pair = new Pair(NewPrefix(), NewPrefix());
        using var admin = server.Admin();
        await admin.PutAsync(Patient(pair.Mine));
        await admin.PutAsync(Patient(pair.Theirs));
        await admin.PutAsync(Identified(pair.MyObservation, pair.Mine, pair.MyObservation));
        await admin.PutAsync(Identified(pair.TheirObservation, pair.Theirs, pair.TheirObservation));
        return pair;
    }

    private static async Task<int> CountAsync(SecuredServer server, string query)
    {
        using var admin = server.Admin();
        return (await admin.SearchIdsAsync(query)).Count;
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Conditional_create_or_update_matching_another_patients_data_gets_403_and_stores_nothing(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var pair = await SeedAsync(server);
        using var patient = server.Client("patient/*.cruds", patient: pair.Mine);
        var theirs = $"identifier={pair.Identifies(pair.TheirObservation)}";

        using (var update = await patient.SendFhirAsync(HttpMethod.Put, $"/fhir/Observation?{theirs}", Identified(null, pair.Mine, pair.TheirObservation)))
        {
            update.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await update.ReadAsync<OperationOutcome>()).Issue[0].Diagnostics!.ShouldContain("store a second one");
        }

        using (var create = await patient.SendFhirAsync(HttpMethod.Post, "/fhir/Observation", Identified(null, pair.Mine, pair.TheirObservation), configure: r => r.Headers.Add("If-None-Exist", theirs)))
        {
            create.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        // The token's own Patient, given the other patient's identifier by a conditional update naming it.
        var mine = Patient(pair.Mine);
        mine.Identifier.Add(new Identifier("urn:test:mrn", pair.Theirs));
        (await patient.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient?identifier={Uri.EscapeDataString("urn:test:mrn|" + pair.Theirs)}", mine)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await CountAsync(server, $"Observation?{theirs}")).ShouldBe(1);
        (await CountAsync(server, $"Patient?identifier={Uri.EscapeDataString("urn:test:mrn|" + pair.Theirs)}")).ShouldBe(1);

        // Criteria that match the token's own data, or nothing at all, behave as without auth.
        using (var own = await patient.SendFhirAsync(HttpMethod.Post, "/fhir/Observation", Identified(null, pair.Mine, pair.MyObservation), configure: r => r.Headers.Add("If-None-Exist", $"identifier={pair.Identifies(pair.MyObservation)}")))
        {
            own.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var fresh = pair.Mine + "-fresh";
        (await patient.SendFhirAsync(HttpMethod.Put, $"/fhir/Observation?identifier={pair.Identifies(fresh)}", Identified(null, pair.Mine, fresh))).StatusCode.ShouldBe(HttpStatusCode.Created);

        // A conditional delete creates nothing: it sees only the token's data and deletes nothing of theirs.
        (await patient.SendFhirAsync(HttpMethod.Delete, $"/fhir/Observation?{theirs}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await CountAsync(server, $"Observation?{theirs}")).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Bundle_entries_with_criteria_matching_another_patients_data_get_403(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var pair = await SeedAsync(server);
        using var patient = server.Client("patient/*.cruds", patient: pair.Mine);
        var theirs = $"identifier={pair.Identifies(pair.TheirObservation)}";
        var fresh = pair.Mine + "-fresh";

        var batch = new Bundle { Type = Bundle.BundleType.Batch };
        Add(batch, Bundle.HTTPVerb.POST, "Observation", Identified(null, pair.Mine, pair.TheirObservation), ifNoneExist: theirs);
        Add(batch, Bundle.HTTPVerb.PUT, $"Observation?{theirs}", Identified(null, pair.Mine, pair.TheirObservation));
        Add(batch, Bundle.HTTPVerb.POST, "Observation", Identified(null, pair.Mine, fresh), ifNoneExist: $"identifier={pair.Identifies(fresh)}");
        using (var response = await patient.SendFhirAsync(HttpMethod.Post, "/fhir", batch))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await response.ReadAsync<Bundle>()).Entry.Select(e => e.Response!.Status![..3]).ShouldBe(["403", "403", "201"]);
        }

        foreach (var entry in new[] { (Bundle.HTTPVerb.POST, "Observation", theirs), (Bundle.HTTPVerb.PUT, $"Observation?{theirs}", (string?)null) })
        {
            var own = pair.Mine + "-" + entry.Item1;
            var transaction = new Bundle { Type = Bundle.BundleType.Transaction };
            Add(transaction, Bundle.HTTPVerb.PUT, $"Observation/{own}", Identified(own, pair.Mine, own));
            Add(transaction, entry.Item1, entry.Item2, Identified(null, pair.Mine, pair.TheirObservation), ifNoneExist: entry.Item3);
            using var response = await patient.SendFhirAsync(HttpMethod.Post, "/fhir", transaction);
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await response.ReadAsync<OperationOutcome>()).Issue[0].Diagnostics!.ShouldContain("store a second one");
            (await CountAsync(server, $"Observation?_id={own}")).ShouldBe(0);
        }

        (await CountAsync(server, $"Observation?{theirs}")).ShouldBe(1);
        (await CountAsync(server, $"Observation?identifier={pair.Identifies(fresh)}")).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Research_writer_cannot_create_beside_data_its_consents_hide(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var pair = await SeedAsync(server);
        using (var admin = server.Admin())
        {
            await admin.PutAsync(ResearchConsent(pair.Theirs + "-consent", pair.Theirs, ConsentResource.ConsentProvisionType.Deny));
        }

        using var researcher = server.Client("system/*.cruds", CallerClaims.Research);
        var theirs = $"identifier={pair.Identifies(pair.TheirObservation)}";

        using (var update = await researcher.SendFhirAsync(HttpMethod.Put, $"/fhir/Observation?{theirs}", Identified(null, pair.Theirs, pair.TheirObservation)))
        {
            update.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await update.ReadAsync<OperationOutcome>()).Issue[0].Diagnostics!.ShouldContain("store a second one");
        }

        (await CountAsync(server, $"Observation?{theirs}")).ShouldBe(1);
    }

    private static void Add(Bundle bundle, Bundle.HTTPVerb method, string url, Resource? resource = null, string? ifNoneExist = null) =>
        bundle.Entry.Add(new Bundle.EntryComponent { Resource = resource, Request = new Bundle.RequestComponent { Method = method, Url = url, IfNoneExist = ifNoneExist } });
}
