using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using FhirChain.FhirApi.Tests.Rest;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Bundles;

/// <summary>Batch Bundles: every entry on its own, each with its own status.</summary>
public sealed class BatchTests
{
    [Theory]
    [MemberData(nameof(Resources.DatabasesAndFormats), MemberType = typeof(Resources))]
    public async System.Threading.Tasks.Task One_failing_entry_fails_alone_and_the_others_succeed(DatabaseKind kind, string format)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var existing = await Resources.CreateAsync(client, Resources.Patient());
        var identifier = Resources.UniqueValue();
        var invalid = Resources.Observation();
        invalid.Status = null;
        var changed = (Patient)existing.DeepCopy();
        changed.Gender = AdministrativeGender.Female;
        var bundle = new BundleBuilder(Bundle.BundleType.Batch)
            .Post(Resources.Patient(identifier: identifier))
            .Post(invalid)
            .Put($"Patient/{existing.Id}", changed)
            .Get($"Patient/{existing.Id}")
            .Get($"Patient/unknown-{Resources.UniqueValue()[..10]}")
            .Delete($"Patient/{existing.Id}")
            .Bundle;

        using var response = await client.SendFhirAsync(HttpMethod.Post, "/fhir", bundle, format);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = await response.ReadAsync<Bundle>();
        result.Type.ShouldBe(Bundle.BundleType.BatchResponse);
        result.Entry.Select(e => e.Response!.Status!.Split(' ')[0]).ShouldBe(["201", "422", "200", "200", "404", "204"]);
        result.Entry[1].Response!.Outcome.ShouldBeOfType<OperationOutcome>().Issue.ShouldContain(i => i.Expression.Any(e => e!.Contains("status")));
        result.Entry[4].Response!.Outcome.ShouldBeOfType<OperationOutcome>();
        var search = await (await client.GetAsync($"/fhir/Patient?identifier={Resources.IdentifierSystem}|{identifier}")).ReadAsync<Bundle>();
        search.Entry.ShouldHaveSingleItem();
        (await Resources.VersionCountAsync(client, $"Patient/{existing.Id}")).ShouldBe(3);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Batch_patch_entries_and_bad_urls_get_their_own_status(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await Resources.CreateAsync(client, Resources.Patient());
        var bundle = new BundleBuilder(Bundle.BundleType.Batch)
            .Patch($"Patient/{patient.Id}", BundleBuilder.JsonPatch("""[{"op": "replace", "path": "/gender", "value": "other"}]"""))
            .Patch($"Patient/{patient.Id}", BundleBuilder.JsonPatch("""[{"op": "test", "path": "/gender", "value": "male"}]"""))
            .Post(Resources.Patient())
            .Bundle;
        bundle.Entry[2].Request!.Url = "Spaceship";

        var result = await (await client.SendFhirAsync(HttpMethod.Post, "/fhir", bundle)).ReadAsync<Bundle>();

        result.Entry.Select(e => e.Response!.Status!.Split(' ')[0]).ShouldBe(["200", "422", "400"]);
        (await (await client.GetAsync($"/fhir/Patient/{patient.Id}")).ReadAsync<Patient>()).Gender.ShouldBe(AdministrativeGender.Other);
    }
}
