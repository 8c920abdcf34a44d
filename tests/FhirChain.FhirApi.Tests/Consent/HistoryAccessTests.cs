using System.Net;
using FhirChain.FhirApi.Tests.Auth;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;
using static FhirChain.FhirApi.Tests.Consent.ResearchData;
using ConsentResource = Hl7.Fhir.Model.Consent;

namespace FhirChain.FhirApi.Tests.Consent;

/// <summary>
/// History under research and patient-scoped tokens: only versions the caller may see, each judged by
/// its own content (a deletion by the content it deleted), with exact totals and paging. Each
/// test has a server of its own (no AuditEvents), so totals count only the data seeded here.
/// Patients: A permits everything, B has no consent, C permits except HIV tests, D denies. Each of A
/// and D has an observation updated once and one created and deleted; B's observation names A as performer.
/// </summary>
public sealed partial class HistoryAccessTests
{
    private const string A = "hist-a";
    private const string B = "hist-b";
    private const string C = "hist-c";
    private const string D = "hist-d";

    private static async Task<SecuredServer> StartSeededAsync(DatabaseKind kind)
    {
        var server = await SecuredServer.StartAsync(kind, new() { ["Audit:Enabled"] = "false" });
        using var admin = server.Admin();
        foreach (var id in new[] { A, B, C, D })
        {
            await admin.PutAsync(Patient(id));
        }

        await admin.PutAsync(ResearchConsent(A + "-consent", A, ConsentResource.ConsentProvisionType.Permit));
        await admin.PutAsync(ResearchConsent(C + "-consent", C, ConsentResource.ConsentProvisionType.Permit, DenyCode(HivTest)));
        await admin.PutAsync(ResearchConsent(D + "-consent", D, ConsentResource.ConsentProvisionType.Deny));
        foreach (var patient in new[] { A, D })
        {
            await admin.PutAsync(Observation(patient + "-hr", patient, HeartRate));
            var corrected = Observation(patient + "-hr", patient, HeartRate);
            corrected.Value = new Quantity(75, "/min");
            await admin.PutAsync(corrected);
            await admin.PutAsync(Observation(patient + "-gone", patient, HeartRate));
            (await admin.SendFhirAsync(HttpMethod.Delete, $"/fhir/Observation/{patient}-gone")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        await admin.PutAsync(Observation(B + "-hr", B, HeartRate, performerPatientId: A));
        await admin.PutAsync(Observation(C + "-hr", C, HeartRate));
        await admin.PutAsync(Observation(C + "-hiv", C, HivTest));
        return server;
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Research_type_and_system_history_show_only_consented_versions_with_exact_totals_and_paging(DatabaseKind kind)
    {
        await using var server = await StartSeededAsync(kind);
        using var admin = server.Admin();
        using var researcher = server.Researcher();

        (await HistoryAsync(admin, "Observation/_history")).Total.ShouldBe(11);

        var observations = await HistoryAsync(researcher, "Observation/_history");
        observations.Versions.Order(StringComparer.Ordinal).ShouldBe(
        [
            $"Observation/{A}-gone/_history/1", $"Observation/{A}-gone/_history/2",
            $"Observation/{A}-hr/_history/1", $"Observation/{A}-hr/_history/2",
            $"Observation/{C}-hr/_history/1",
        ]);
        observations.Total.ShouldBe(5);
        observations.Deleted.ShouldBe([$"Observation/{A}-gone/_history/2"]);

        var system = await HistoryAsync(researcher, "_history");
        system.Versions.Order(StringComparer.Ordinal).ShouldBe(
        [
            $"Consent/{A}-consent/_history/1", $"Consent/{C}-consent/_history/1",
            .. observations.Versions.Order(StringComparer.Ordinal),
            $"Patient/{A}/_history/1", $"Patient/{C}/_history/1",
        ]);
        system.Total.ShouldBe(9);

        // Pages of two, followed by their next links, give the same versions in the same order, each page with the full total.
        var paged = new List<string>();
        string? next = "/fhir/_history?_count=2";
        while (next is not null)
        {
            var page = await HistoryAsync(researcher, next);
            page.Total.ShouldBe(9);
            page.Versions.Count.ShouldBeLessThanOrEqualTo(2);
            paged.AddRange(page.Versions);
            next = page.Next;
        }

        paged.ShouldBe(system.Versions);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Patient_token_history_shows_its_compartment_including_its_deleted_resources(DatabaseKind kind)
    {
        await using var server = await StartSeededAsync(kind);
        using var patientA = server.Client("patient/*.rs", patient: A);
        using var patientD = server.Client("patient/*.rs", patient: D);

        var ofA = await HistoryAsync(patientA, "Observation/_history");
        ofA.Versions.Order(StringComparer.Ordinal).ShouldBe(
        [
            $"Observation/{A}-gone/_history/1", $"Observation/{A}-gone/_history/2",
            $"Observation/{A}-hr/_history/1", $"Observation/{A}-hr/_history/2",
            $"Observation/{B}-hr/_history/1",
        ]);
        ofA.Total.ShouldBe(5);

        var ofD = await HistoryAsync(patientD, "_history");
        ofD.Versions.Order(StringComparer.Ordinal).ShouldBe(
        [
            $"Consent/{D}-consent/_history/1",
            $"Observation/{D}-gone/_history/1", $"Observation/{D}-gone/_history/2",
            $"Observation/{D}-hr/_history/1", $"Observation/{D}-hr/_history/2",
            $"Patient/{D}/_history/1",
        ]);
        ofD.Total.ShouldBe(6);
        ofD.Deleted.ShouldBe([$"Observation/{D}-gone/_history/2"]);

        // A deleted resource of the token's own patient keeps its instance history; another patient's does not.
        (await StatusOf(patientA, $"Observation/{A}-gone/_history")).ShouldBe(HttpStatusCode.OK);
        (await StatusOf(patientA, $"Observation/{A}-gone/_history/1")).ShouldBe(HttpStatusCode.OK);
        (await StatusOf(patientA, $"Observation/{D}-gone/_history/1")).ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Research_client_cannot_reach_a_denied_patients_deleted_resource_by_instance(DatabaseKind kind)
    {
        await using var server = await StartSeededAsync(kind);
        using var researcher = server.Researcher();

        (await StatusOf(researcher, $"Observation/{D}-gone/_history/1")).ShouldBe(HttpStatusCode.Forbidden);
        (await StatusOf(researcher, $"Observation/{D}-gone/_history")).ShouldBe(HttpStatusCode.Forbidden);
        (await StatusOf(researcher, $"Observation/{D}-gone")).ShouldBe(HttpStatusCode.Forbidden);
        (await StatusOf(researcher, $"Observation/{A}-gone/_history/1")).ShouldBe(HttpStatusCode.OK);
        (await StatusOf(researcher, $"Observation/{A}-gone")).ShouldBe(HttpStatusCode.Gone);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Versions_are_judged_each_by_its_own_content_when_a_resource_moves_between_patients(DatabaseKind kind)
    {
        await using var server = await StartSeededAsync(kind);
        using var admin = server.Admin();
        // "to-a" was about denying D, then corrected to consenting A; "to-d" the other way round, then deleted.
        await admin.PutAsync(Observation("to-a", D, HeartRate));
        await admin.PutAsync(Observation("to-a", A, HeartRate));
        await admin.PutAsync(Observation("to-d", A, HeartRate));
        await admin.PutAsync(Observation("to-d", D, HeartRate));
        (await admin.SendFhirAsync(HttpMethod.Delete, "/fhir/Observation/to-d")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        using var researcher = server.Researcher();
        using var patientA = server.Client("patient/*.rs", patient: A);
        using var patientD = server.Client("patient/*.rs", patient: D);

        // Instance history and vread: each version by its own content, whatever the current one says.
        (await HistoryAsync(researcher, "Observation/to-a/_history")).Versions.ShouldBe(["Observation/to-a/_history/2"]);
        (await HistoryAsync(researcher, "Observation/to-a/_history")).Total.ShouldBe(1);
        (await HistoryAsync(researcher, "Observation/to-d/_history")).Versions.ShouldBe(["Observation/to-d/_history/1"]);
        (await HistoryAsync(patientA, "Observation/to-a/_history")).Versions.ShouldBe(["Observation/to-a/_history/2"]);
        (await HistoryAsync(patientA, "Observation/to-d/_history")).Versions.ShouldBe(["Observation/to-d/_history/1"]);
        (await HistoryAsync(patientD, "Observation/to-a/_history")).Versions.ShouldBe(["Observation/to-a/_history/1"]);
        (await HistoryAsync(patientD, "Observation/to-d/_history")).Versions.ShouldBe(["Observation/to-d/_history/3", "Observation/to-d/_history/2"]);
        foreach (var (client, visible, hidden) in new[]
        {
            (researcher, new[] { "to-a/_history/2", "to-d/_history/1" }, new[] { "to-a/_history/1", "to-d/_history/2", "to-d/_history/3", "to-a/_history/1/$verify" }),
            (patientA, ["to-a/_history/2", "to-d/_history/1", "to-a/_history/2/$verify"], ["to-a/_history/1", "to-d/_history/2", "to-d/_history/3"]),
            (patientD, ["to-a/_history/1", "to-d/_history/2"], ["to-a/_history/2", "to-d/_history/1", "to-a"]),
        })
        {
            foreach (var path in visible)
            {
                (await StatusOf(client, "Observation/" + path)).ShouldBe(HttpStatusCode.OK, path);
            }

            foreach (var path in hidden)
            {
                (await StatusOf(client, "Observation/" + path)).ShouldBe(HttpStatusCode.Forbidden, path);
            }
        }

        // Type and system history: the moved resources add only their visible versions, to the totals and to every page.
        var observations = await HistoryAsync(researcher, "Observation/_history");
        observations.Total.ShouldBe(7);
        observations.Versions.ShouldContain("Observation/to-a/_history/2");
        observations.Versions.ShouldContain("Observation/to-d/_history/1");
        observations.Versions.ShouldNotContain("Observation/to-a/_history/1");
        observations.Versions.ShouldNotContain("Observation/to-d/_history/2");
        observations.Deleted.ShouldBe([$"Observation/{A}-gone/_history/2"]);
        var ofD = await HistoryAsync(patientD, "_history");
        ofD.Total.ShouldBe(9);
        ofD.Versions.Where(v => v.Contains("/to-", StringComparison.Ordinal)).ShouldBe(["Observation/to-d/_history/3", "Observation/to-d/_history/2", "Observation/to-a/_history/1"]);

        var system = await HistoryAsync(researcher, "_history");
        system.Total.ShouldBe(11);
        var paged = new List<string>();
        string? next = "/fhir/_history?_count=3";
        while (next is not null)
        {
            var page = await HistoryAsync(researcher, next);
            page.Total.ShouldBe(11);
            paged.AddRange(page.Versions);
            next = page.Next;
        }

        paged.ShouldBe(system.Versions);
    }

    private sealed record HistoryPage(List<string> Versions, List<string> Deleted, int? Total, string? Next, string? Previous = null, string? Last = null);

    private static async Task<HistoryPage> HistoryAsync(HttpClient client, string path)
    {
        using var response = await client.SendFhirAsync(HttpMethod.Get, path.StartsWith('/') || path.StartsWith("http", StringComparison.Ordinal) ? path : "/fhir/" + path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var bundle = await response.ReadAsync<Bundle>();
        bundle.Type.ShouldBe(Bundle.BundleType.History);
        var versions = bundle.Entry.Select(e => e.Response!.Location!).ToList();
        var deleted = bundle.Entry.Where(e => e.Request?.Method == Bundle.HTTPVerb.DELETE).Select(e => e.Response!.Location!).ToList();
        string? Link(string relation) => bundle.Link.FirstOrDefault(l => l.Relation == relation)?.Url;
        return new HistoryPage(versions, deleted, bundle.Total, Link("next"), Link("previous"), Link("last"));
    }

    private static async Task<HttpStatusCode> StatusOf(HttpClient client, string path)
    {
        using var response = await client.SendFhirAsync(HttpMethod.Get, "/fhir/" + path);
        return response.StatusCode;
    }
}
