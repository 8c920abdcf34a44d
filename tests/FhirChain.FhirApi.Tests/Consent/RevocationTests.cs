using System.Net;
using FhirChain.FhirApi.Tests.Auth;
using FhirChain.FhirApi.Tests.Export;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;
using static FhirChain.FhirApi.Tests.Consent.ResearchData;
using ConsentResource = Hl7.Fhir.Model.Consent;

namespace FhirChain.FhirApi.Tests.Consent;

/// <summary>
/// A research consent revoked (set to inactive, or deleted) hides the patient from the very next
/// request on every path a research client has, and a consent given again shows it at once. Patient
/// A's consent is revoked; patient P's stays, so the paths are seen to still work.
/// </summary>
public sealed class RevocationTests
{
    private const string A = "revoked";
    private const string P = "kept";

    public static TheoryData<DatabaseKind, string> Revocations
    {
        get
        {
            var data = new TheoryData<DatabaseKind, string>();
            foreach (var kind in Databases.Kinds)
            {
                data.Add(kind, "inactive");
                data.Add(kind, "deleted");
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Revocations))]
    public async System.Threading.Tasks.Task Revocation_takes_effect_on_every_path_at_the_next_request(DatabaseKind kind, string revocation)
    {
        await using var server = await SecuredServer.StartAsync(kind, new() { ["Audit:Enabled"] = "false" });
        using var admin = server.Admin();
        using var researcher = server.Researcher();
        foreach (var patient in new[] { A, P })
        {
            await admin.PutAsync(Patient(patient));
            await admin.PutAsync(Observation(patient + "-hr", patient, HeartRate));
            await admin.PutAsync(ResearchConsent(patient + "-consent", patient, ConsentResource.ConsentProvisionType.Permit));
        }

        var corrected = Observation(A + "-hr", A, HeartRate);
        corrected.Value = new Quantity(75, "/min");
        await admin.PutAsync(corrected);

        (await SeenAsync(researcher, A)).ShouldBe(Paths.All);
        (await ExportedAsync(researcher)).ShouldBe([$"Observation/{P}-hr", $"Observation/{A}-hr", $"Patient/{P}", $"Patient/{A}"]);

        if (revocation == "inactive")
        {
            var withdrawn = ResearchConsent(A + "-consent", A, ConsentResource.ConsentProvisionType.Permit);
            withdrawn.Status = ConsentResource.ConsentState.Inactive;
            await admin.PutAsync(withdrawn);
        }
        else
        {
            (await admin.SendFhirAsync(HttpMethod.Delete, $"/fhir/Consent/{A}-consent")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        }

        (await SeenAsync(researcher, A)).ShouldBe(Paths.None);
        (await SeenAsync(researcher, P)).ShouldBe(Paths.All);
        (await ExportedAsync(researcher)).ShouldBe([$"Observation/{P}-hr", $"Patient/{P}"]);

        await admin.PutAsync(ResearchConsent(A + "-consent", A, ConsentResource.ConsentProvisionType.Permit));
        (await SeenAsync(researcher, A)).ShouldBe(Paths.All);
    }

    /// <summary>The paths on which a research client sees a patient or its observation.</summary>
    [Flags]
    private enum Paths
    {
        None = 0,
        Read = 1,
        VRead = 2,
        InstanceHistory = 4,
        Search = 8,
        RevInclude = 16,
        Everything = 32,
        CompartmentSearch = 64,
        TypeHistory = 128,
        SystemHistory = 256,
        All = 511,
    }

    private static async Task<Paths> SeenAsync(HttpClient researcher, string patient)
    {
        var observation = $"Observation/{patient}-hr";
        var seen = Paths.None;
        if (await StatusOf(researcher, $"Patient/{patient}") == HttpStatusCode.OK && await StatusOf(researcher, observation) == HttpStatusCode.OK)
        {
            seen |= Paths.Read;
        }

        if (await StatusOf(researcher, observation + "/_history/1") == HttpStatusCode.OK)
        {
            seen |= Paths.VRead;
        }

        if (await StatusOf(researcher, observation + "/_history") == HttpStatusCode.OK)
        {
            seen |= Paths.InstanceHistory;
        }

        if ((await researcher.SearchIdsAsync($"Observation?subject=Patient/{patient}")).Contains(observation))
        {
            seen |= Paths.Search;
        }

        if ((await researcher.SearchIdsAsync($"Patient?_id={patient}&_revinclude=Observation:subject", Bundle.SearchEntryMode.Include)).Contains(observation))
        {
            seen |= Paths.RevInclude;
        }

        using (var everything = await researcher.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{patient}/$everything"))
        {
            if (everything.StatusCode == HttpStatusCode.OK && (await everything.ReadAsync<Bundle>()).Entry.Any(e => $"{e.Resource?.TypeName}/{e.Resource?.Id}" == observation))
            {
                seen |= Paths.Everything;
            }
        }

        if ((await researcher.SearchIdsAsync($"Patient/{patient}/Observation")).Contains(observation))
        {
            seen |= Paths.CompartmentSearch;
        }

        if ((await HistoryAsync(researcher, "Observation/_history")).Contains(observation + "/_history/1"))
        {
            seen |= Paths.TypeHistory;
        }

        if ((await HistoryAsync(researcher, "_history")).Contains($"Patient/{patient}/_history/1"))
        {
            seen |= Paths.SystemHistory;
        }

        return seen;
    }

    private static async Task<List<string>> ExportedAsync(HttpClient researcher)
    {
        var status = await BulkExport.KickOffAsync(researcher, "/fhir/$export?_type=Patient,Observation");
        var manifest = await BulkExport.WaitForManifestAsync(researcher, status);
        return [.. (await BulkExport.DownloadAllAsync(researcher, manifest)).Keys.Order(StringComparer.Ordinal)];
    }

    private static async Task<List<string>> HistoryAsync(HttpClient client, string path)
    {
        using var response = await client.SendFhirAsync(HttpMethod.Get, $"/fhir/{path}?_count=1000");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.ReadAsync<Bundle>()).Entry.Select(e => e.Response!.Location!).ToList();
    }

    private static async Task<HttpStatusCode> StatusOf(HttpClient client, string path)
    {
        using var response = await client.SendFhirAsync(HttpMethod.Get, "/fhir/" + path);
        return response.StatusCode;
    }
}
