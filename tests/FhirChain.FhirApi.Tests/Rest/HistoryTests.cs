using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Rest;

/// <summary>History at instance, type and system level: order, paging, _since, _at and deletions.</summary>
public sealed class HistoryTests
{
    private static async Task<Patient> PatientWithThreeVersionsAndDeleteAsync(HttpClient client, string format)
    {
        var patient = await Resources.CreateAsync(client, Resources.Patient(), format);
        patient.Gender = AdministrativeGender.Female;
        (await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient/{patient.Id}", patient, format)).StatusCode.ShouldBe(HttpStatusCode.OK);
        patient.Gender = AdministrativeGender.Other;
        (await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient/{patient.Id}", patient, format)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.SendFhirAsync(HttpMethod.Delete, $"/fhir/Patient/{patient.Id}", format: format)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        return patient;
    }

    [Theory]
    [MemberData(nameof(Resources.DatabasesAndFormats), MemberType = typeof(Resources))]
    public async System.Threading.Tasks.Task Instance_history_lists_versions_newest_first_with_the_delete(DatabaseKind kind, string format)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await PatientWithThreeVersionsAndDeleteAsync(client, format);

        using var response = await client.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{patient.Id}/_history", format: format);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(format);
        var history = await response.ReadAsync<Bundle>();
        history.Type.ShouldBe(Bundle.BundleType.History);
        history.Entry.Count.ShouldBe(4);
        history.Entry.Select(e => e.Request!.Method).ShouldBe([Bundle.HTTPVerb.DELETE, Bundle.HTTPVerb.PUT, Bundle.HTTPVerb.PUT, Bundle.HTTPVerb.POST]);
        history.Entry[0].Resource.ShouldBeNull();
        history.Entry[0].Request!.Url.ShouldBe($"Patient/{patient.Id}");
        history.Entry[0].Response!.Etag!.ShouldBe("W/\"4\"");
        history.Entry.Skip(1).Select(e => e.Resource!.Meta!.VersionId).ShouldBe(["3", "2", "1"]);
        ((Patient)history.Entry[1].Resource!).Gender.ShouldBe(AdministrativeGender.Other);
        history.Entry.ShouldAllBe(e => e.FullUrl!.EndsWith($"/Patient/{patient.Id}"));
    }

    [Theory]
    [MemberData(nameof(Resources.DatabasesAndFormats), MemberType = typeof(Resources))]
    public async System.Threading.Tasks.Task Count_pages_history_and_the_next_link_works(DatabaseKind kind, string format)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await PatientWithThreeVersionsAndDeleteAsync(client, format);

        var seen = new List<string>();
        var url = $"/fhir/Patient/{patient.Id}/_history?_count=3";
        var pages = 0;
        while (url is not null)
        {
            var page = await (await client.SendFhirAsync(HttpMethod.Get, url, format: format)).ReadAsync<Bundle>();
            page.Entry.Count.ShouldBeLessThanOrEqualTo(3);
            seen.AddRange(page.Entry.Select(e => e.Response!.Etag!));
            url = page.Link.FirstOrDefault(l => l.Relation == "next")?.Url;
            pages++;
            pages.ShouldBeLessThan(5);
        }

        pages.ShouldBe(2);
        seen.ShouldBe(["W/\"4\"", "W/\"3\"", "W/\"2\"", "W/\"1\""]);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Since_and_at_select_versions_by_time(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await Resources.CreateAsync(client, Resources.Patient());
        await System.Threading.Tasks.Task.Delay(1100);
        var between = DateTimeOffset.UtcNow;
        await System.Threading.Tasks.Task.Delay(1100);
        patient.Gender = AdministrativeGender.Female;
        (await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient/{patient.Id}", patient)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var instant = Uri.EscapeDataString(between.ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture));

        var since = await (await client.GetAsync($"/fhir/Patient/{patient.Id}/_history?_since={instant}")).ReadAsync<Bundle>();
        since.Entry.ShouldHaveSingleItem().Resource!.Meta!.VersionId.ShouldBe("2");

        var at = await (await client.GetAsync($"/fhir/Patient/{patient.Id}/_history?_at={instant}")).ReadAsync<Bundle>();
        at.Entry.ShouldHaveSingleItem().Resource!.Meta!.VersionId.ShouldBe("1");

        (await client.GetAsync($"/fhir/Patient/{patient.Id}/_history?_since=yesterday")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(Resources.DatabasesAndFormats), MemberType = typeof(Resources))]
    public async System.Threading.Tasks.Task Type_and_system_history_include_the_new_versions(DatabaseKind kind, string format)
    {
        await using var server = await TestServer.StartAsync(kind);
        using var client = server.CreateClient();
        var patient = await PatientWithThreeVersionsAndDeleteAsync(client, format);
        var observation = await Resources.CreateAsync(client, Resources.Observation($"Patient/{patient.Id}"), format);

        var type = await (await client.SendFhirAsync(HttpMethod.Get, "/fhir/Patient/_history", format: format)).ReadAsync<Bundle>();
        type.Entry.Count.ShouldBe(4);
        type.Entry.ShouldAllBe(e => e.FullUrl!.Contains("/Patient/"));

        var system = await (await client.SendFhirAsync(HttpMethod.Get, "/fhir/_history", format: format)).ReadAsync<Bundle>();
        system.Entry.Count.ShouldBe(5);
        system.Entry[0].Resource!.Id.ShouldBe(observation.Id);
        system.Entry[1].Request!.Method.ShouldBe(Bundle.HTTPVerb.DELETE);

        var paged = await (await client.SendFhirAsync(HttpMethod.Get, "/fhir/_history?_count=2", format: format)).ReadAsync<Bundle>();
        paged.Entry.Count.ShouldBe(2);
        var next = paged.Link.Single(l => l.Relation == "next").Url!;
        var second = await (await client.SendFhirAsync(HttpMethod.Get, next, format: format)).ReadAsync<Bundle>();
        second.Entry.Select(e => e.Response!.Etag!).ShouldBe(["W/\"3\"", "W/\"2\""]);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task History_of_an_unknown_resource_is_404(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();

        using var response = await client.GetAsync($"/fhir/Patient/never-{Resources.UniqueValue()[..12]}/_history");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.ReadAsync<OperationOutcome>()).Issue[0].Code.ShouldBe(OperationOutcome.IssueType.NotFound);
    }
}
