using System.Net;
using System.Text;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;
using static FhirChain.FhirApi.Tests.Consent.ResearchData;

namespace FhirChain.FhirApi.Tests.Auth;

/// <summary>
/// A patient-scoped token changes only its own patient's compartment through every write path:
/// DELETE, PATCH, PUT and conditional entries of batches and transactions, single patches and
/// conditional updates, and entries that follow a read in the same batch.
/// </summary>
public sealed class CompartmentWriteTests
{
    private sealed record Pair(string Mine, string Theirs)
    {
        public string MyObservation => Mine + "-hr";
        public string TheirObservation => Theirs + "-hr";
    }

    private static async Task<Pair> SeedAsync(SecuredServer server)
    {
        var pair = new Pair(NewPrefix(), NewPrefix());
        using var admin = server.Admin();
        await admin.PutAsync(Patient(pair.Mine));
        await admin.PutAsync(Patient(pair.Theirs));
        await admin.PutAsync(Observation(pair.MyObservation, pair.Mine, HeartRate));
        await admin.PutAsync(Observation(pair.TheirObservation, pair.Theirs, HeartRate));
        return pair;
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Batch_entries_outside_the_compartment_get_403_and_change_nothing(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var pair = await SeedAsync(server);
        using var patient = server.Client("patient/*.cruds", patient: pair.Mine);
        var hijack = Observation(pair.TheirObservation, pair.Mine, HeartRate);

        var batch = new Bundle { Type = Bundle.BundleType.Batch };
        Add(batch, Bundle.HTTPVerb.DELETE, $"Observation/{pair.TheirObservation}");
        Add(batch, Bundle.HTTPVerb.PATCH, $"Observation/{pair.TheirObservation}", SetValue(99));
        Add(batch, Bundle.HTTPVerb.PATCH, $"Observation/{pair.MyObservation}", MoveTo(pair.Theirs));
        Add(batch, Bundle.HTTPVerb.PUT, $"Observation/{pair.TheirObservation}", hijack);
        Add(batch, Bundle.HTTPVerb.PATCH, $"Observation?_id={pair.TheirObservation}", SetValue(99));
        Add(batch, Bundle.HTTPVerb.DELETE, $"Observation?_id={pair.TheirObservation}");
        Add(batch, Bundle.HTTPVerb.PATCH, $"Observation/{pair.MyObservation}", SetValue(80));

        var statuses = await StatusesAsync(patient, batch);

        // By id: 403. Conditional: the criteria see only the compartment, so they match nothing there (a
        // 403 would tell the token that another patient has matching data).
        statuses.ShouldBe(["403", "403", "403", "403", "404", "204", "200"]);
        await ShouldBeUntouchedAsync(server, pair);
        using var admin = server.Admin();
        using var mine = await admin.SendFhirAsync(HttpMethod.Get, $"/fhir/Observation/{pair.MyObservation}");
        var own = await mine.ReadAsync<Observation>();
        own.Meta!.VersionId.ShouldBe("2");
        own.Subject!.Reference.ShouldBe($"Patient/{pair.Mine}");
        ((Quantity)own.Value!).Value.ShouldBe(80m);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Transaction_with_an_entry_outside_the_compartment_is_refused_whole(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var pair = await SeedAsync(server);
        using var patient = server.Client("patient/*.cruds", patient: pair.Mine);
        var refusals = new (Bundle.HTTPVerb Method, string Url, Resource? Body)[]
        {
            (Bundle.HTTPVerb.DELETE, $"Observation/{pair.TheirObservation}", null),
            (Bundle.HTTPVerb.PATCH, $"Observation/{pair.TheirObservation}", SetValue(99)),
            (Bundle.HTTPVerb.PATCH, $"Observation?_id={pair.MyObservation}", MoveTo(pair.Theirs)),
            (Bundle.HTTPVerb.PUT, $"Observation?identifier=urn:test:none|{pair.Mine}", Observation(pair.TheirObservation, pair.Mine, HeartRate)),
        };

        foreach (var (method, url, body) in refusals)
        {
            var own = Observation(pair.Mine + "-new", pair.Mine, HeartRate);
            var transaction = new Bundle { Type = Bundle.BundleType.Transaction };
            Add(transaction, Bundle.HTTPVerb.PUT, $"Observation/{own.Id}", own);
            Add(transaction, method, url, body);

            using var response = await patient.SendFhirAsync(HttpMethod.Post, "/fhir", transaction);
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, $"{method} {url}");
            (await response.ReadAsync<OperationOutcome>()).Issue[0].Code.ShouldBe(OperationOutcome.IssueType.Forbidden);
            await ShouldBeUntouchedAsync(server, pair);
            using var admin = server.Admin();
            (await admin.SendFhirAsync(HttpMethod.Get, $"/fhir/Observation/{own.Id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            using var mine = await admin.SendFhirAsync(HttpMethod.Get, $"/fhir/Observation/{pair.MyObservation}");
            (await mine.ReadAsync<Observation>()).Meta!.VersionId.ShouldBe("1");
        }

        // A conditional delete sees only the compartment: theirs is not matched, so not deleted.
        var conditional = new Bundle { Type = Bundle.BundleType.Transaction };
        Add(conditional, Bundle.HTTPVerb.DELETE, $"Observation?_id={pair.TheirObservation}");
        using (var response = await patient.SendFhirAsync(HttpMethod.Post, "/fhir", conditional))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await ShouldBeUntouchedAsync(server, pair);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Single_patch_and_conditional_update_cannot_move_or_take_over_another_patients_data(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var pair = await SeedAsync(server);
        using var patient = server.Client("patient/*.cruds", patient: pair.Mine);

        using (var move = await patient.SendAsync(JsonPatch(HttpMethod.Patch, $"/fhir/Observation/{pair.MyObservation}", pair.Theirs)))
        {
            move.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await move.ReadAsync<OperationOutcome>()).Issue[0].Diagnostics!.ShouldContain("compartment");
        }

        using (var takeOver = await patient.SendFhirAsync(HttpMethod.Put, $"/fhir/Observation?identifier=urn:test:none|{pair.Mine}", Observation(pair.TheirObservation, pair.Mine, HeartRate)))
        {
            takeOver.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        (await patient.SendFhirAsync(HttpMethod.Delete, $"/fhir/Observation?_id={pair.TheirObservation}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await ShouldBeUntouchedAsync(server, pair);
        using var admin = server.Admin();
        using var mine = await admin.SendFhirAsync(HttpMethod.Get, $"/fhir/Observation/{pair.MyObservation}");
        (await mine.ReadAsync<Observation>()).Meta!.VersionId.ShouldBe("1");
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task A_read_entry_does_not_lift_the_compartment_for_the_entries_after_it(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var pair = await SeedAsync(server);

        // Practitioner reads are granted without a compartment; the batch's deletes are not.
        using var patient = server.Client("patient/*.cruds user/Practitioner.rs", patient: pair.Mine);
        var batch = new Bundle { Type = Bundle.BundleType.Batch };
        Add(batch, Bundle.HTTPVerb.GET, "Practitioner?_count=1");
        Add(batch, Bundle.HTTPVerb.DELETE, $"Observation/{pair.TheirObservation}");

        (await StatusesAsync(patient, batch)).ShouldBe(["200", "403"]);
        await ShouldBeUntouchedAsync(server, pair);
    }

    private static async System.Threading.Tasks.Task ShouldBeUntouchedAsync(SecuredServer server, Pair pair)
    {
        using var admin = server.Admin();
        using var response = await admin.SendFhirAsync(HttpMethod.Get, $"/fhir/Observation/{pair.TheirObservation}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var theirs = await response.ReadAsync<Observation>();
        theirs.Meta!.VersionId.ShouldBe("1");
        theirs.Subject!.Reference.ShouldBe($"Patient/{pair.Theirs}");
        ((Quantity)theirs.Value!).Value.ShouldBe(72m);
    }

    private static void Add(Bundle bundle, Bundle.HTTPVerb method, string url, Resource? resource = null) =>
        bundle.Entry.Add(new Bundle.EntryComponent { Resource = resource, Request = new Bundle.RequestComponent { Method = method, Url = url } });

    private static async Task<List<string>> StatusesAsync(HttpClient client, Bundle bundle)
    {
        using var response = await client.SendFhirAsync(HttpMethod.Post, "/fhir", bundle);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.ReadAsync<Bundle>()).Entry.Select(e => e.Response!.Status![..3]).ToList();
    }

    private static Binary SetValue(int value) => PatchBinary($$"""[{"op":"replace","path":"/valueQuantity/value","value":{{value}}}]""");

    private static Binary MoveTo(string patientId) => PatchBinary($$"""[{"op":"replace","path":"/subject/reference","value":"Patient/{{patientId}}"}]""");

    private static Binary PatchBinary(string operations) => new() { ContentType = "application/json-patch+json", Data = Encoding.UTF8.GetBytes(operations) };

    private static HttpRequestMessage JsonPatch(HttpMethod method, string url, string patientId)
    {
        var request = FhirHttp.Request(method, url);
        request.Content = new StringContent($$"""[{"op":"replace","path":"/subject/reference","value":"Patient/{{patientId}}"}]""", Encoding.UTF8, "application/json-patch+json");
        return request;
    }
}
