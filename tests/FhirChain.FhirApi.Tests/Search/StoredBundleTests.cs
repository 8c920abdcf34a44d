using System.Net;
using System.Text.Json;
using FhirChain.FhirApi.Fhir;
using FhirChain.FhirApi.Tests.Bundles;
using FhirChain.FhirApi.Tests.Infrastructure;
using FhirChain.FhirApi.Tests.Rest;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirChain.FhirApi.Tests.Search;

/// <summary>
/// Searchset and history bundles served as plain JSON splice each version's stored JSON into the body
/// (<see cref="StoredBundle"/>). The body must be the JSON the server's serializer writes for the same
/// Bundle, parse strictly, hold each resource byte for byte as the read endpoint serves it, and say
/// what the XML and <c>_pretty</c> answers (which parse the bundle) say; <c>_summary</c> and
/// <c>_elements</c> still shape entries, and a batch entry still embeds a search result.
/// </summary>
public sealed class StoredBundleTests
{
    private static readonly FhirJsonDeserializer StrictJson = new(new DeserializerSettings().UsingMode(DeserializationMode.Strict));

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Search_with_revinclude_and_an_ignored_parameter_streams_the_stored_json(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await SeedAsync(client);

        var url = $"/fhir/Patient?_id={patient.Id}&_revinclude=Observation:subject&nonsense=1";
        var raw = await AssertStreamedLikeParsedAsync(client, url);

        raw.Entry.Select(e => e.Search!.Mode).ShouldBe([Bundle.SearchEntryMode.Match, Bundle.SearchEntryMode.Include, Bundle.SearchEntryMode.Include, Bundle.SearchEntryMode.Outcome]);
        raw.Entry[^1].Resource.ShouldBeOfType<OperationOutcome>();
        await AssertEntriesAreTheReadBodiesAsync(client, url, versioned: false);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task History_with_a_deletion_streams_the_stored_json_of_each_version(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await SeedAsync(client);
        var observation = await Resources.CreateAsync(client, Resources.Observation($"Patient/{patient.Id}"));
        (await client.SendFhirAsync(HttpMethod.Delete, $"/fhir/Observation/{observation.Id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var patientHistory = await AssertStreamedLikeParsedAsync(client, $"/fhir/Patient/{patient.Id}/_history");
        patientHistory.Entry.Select(e => e.Response!.Etag).ShouldBe(["W/\"2\"", "W/\"1\""]);
        await AssertEntriesAreTheReadBodiesAsync(client, $"/fhir/Patient/{patient.Id}/_history", versioned: true);

        var deleted = await AssertStreamedLikeParsedAsync(client, $"/fhir/Observation/{observation.Id}/_history");
        deleted.Entry[0].Request!.Method.ShouldBe(Bundle.HTTPVerb.DELETE);
        deleted.Entry[0].Resource.ShouldBeNull();
        await AssertEntriesAreTheReadBodiesAsync(client, $"/fhir/Observation/{observation.Id}/_history", versioned: true);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Everything_and_a_compartment_search_stream_the_stored_json(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await SeedAsync(client);

        var everything = await AssertStreamedLikeParsedAsync(client, $"/fhir/Patient/{patient.Id}/$everything?_type=Observation,Patient");
        everything.Entry.Count.ShouldBe(3);
        await AssertEntriesAreTheReadBodiesAsync(client, $"/fhir/Patient/{patient.Id}/$everything?_type=Observation,Patient", versioned: false);

        var compartment = await AssertStreamedLikeParsedAsync(client, $"/fhir/Patient/{patient.Id}/Observation?_count=1");
        compartment.Entry.Count.ShouldBe(1);
        compartment.Link.ShouldContain(l => l.Relation == "next");
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Summary_and_elements_still_shape_the_entries(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await SeedAsync(client);

        var elements = await AssertStreamedLikeParsedAsync(client, $"/fhir/Observation?subject=Patient/{patient.Id}&_elements=status");
        elements.Entry.Count.ShouldBe(2);
        elements.Entry.Select(e => e.Resource).ShouldAllBe(r => r is Observation && ((Observation)r).Value == null && ((Observation)r).Status == ObservationStatus.Final);
        elements.Entry.ShouldAllBe(e => e.Resource!.Meta!.Tag.Any(t => t.Code == "SUBSETTED"));

        var summary = await AssertStreamedLikeParsedAsync(client, $"/fhir/Patient?_id={patient.Id}&_summary=true");
        var shaped = summary.Entry.Single().Resource.ShouldBeOfType<Patient>();
        shaped.Name.ShouldNotBeEmpty();
        shaped.Meta!.Tag.ShouldContain(t => t.Code == "SUBSETTED");

        var count = await AssertStreamedLikeParsedAsync(client, $"/fhir/Observation?subject=Patient/{patient.Id}&_summary=count");
        count.Total.ShouldBe(2);
        count.Entry.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task A_batch_entry_embeds_the_search_result(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await SeedAsync(client);
        var batch = new BundleBuilder(Bundle.BundleType.Batch)
            .Get($"Patient?_id={patient.Id}&_revinclude=Observation:subject")
            .Get($"Patient/{patient.Id}/_history")
            .Bundle;

        using var response = await client.SendFhirAsync(HttpMethod.Post, "/fhir", batch);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var result = await response.ReadAsync<Bundle>();
        var search = result.Entry[0].Resource.ShouldBeOfType<Bundle>();
        search.Entry.Count.ShouldBe(3);
        search.Entry[0].Resource.ShouldBeOfType<Patient>().Id.ShouldBe(patient.Id);
        search.Entry.Skip(1).ShouldAllBe(e => e.Resource is Observation);
        var history = result.Entry[1].Resource.ShouldBeOfType<Bundle>();
        history.Entry.Select(e => e.Resource!.Meta!.VersionId).ShouldBe(["2", "1"]);
    }

    /// <summary>
    /// A patient in two versions and two Observations of it, with text that JSON escapes (quotes, a
    /// backslash, markup, non-ASCII) and decimals whose written form matters.
    /// </summary>
    private static async Task<Patient> SeedAsync(HttpClient client)
    {
        var patient = Resources.Patient(family: $"Zoë \"O'Brien\" <b>&amp; \\ ✓ {Resources.UniqueValue()[..8]}");
        patient = await Resources.CreateAsync(client, patient);
        patient.Gender = AdministrativeGender.Female;
        (await client.SendFhirAsync(HttpMethod.Put, $"/fhir/Patient/{patient.Id}", patient)).StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var value in new[] { 72.50m, 1e-3m })
        {
            var observation = Resources.Observation($"Patient/{patient.Id}");
            observation.Value = new Quantity(value, "beats/minute") { System = "http://unitsofmeasure.org", Code = "/min" };
            observation.Code.Text = "Heart rate — “resting” \u00e9\t<tab>";
            await Resources.CreateAsync(client, observation);
        }

        return patient;
    }

    /// <summary>
    /// The plain JSON body parses strictly, is what the server's serializer writes for that Bundle, and
    /// says what the XML and <c>_pretty</c> answers (from the parsed bundle) say, bar the Bundle's id and time.
    /// </summary>
    private static async Task<Bundle> AssertStreamedLikeParsedAsync(HttpClient client, string url)
    {
        var body = await GetAsync(client, url, FhirHttp.Json);
        var raw = StrictJson.Deserialize<Bundle>(body);
        new FhirSerializer().ToJson(raw).ShouldBe(body);

        var xml = await ReadBundleAsync(client, url, FhirHttp.Xml);
        var pretty = await ReadBundleAsync(client, url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "_pretty=true", FhirHttp.Json);
        SameApartFromIdentity(raw, xml).ShouldBeTrue(body);
        SameApartFromIdentity(raw, pretty, links: false).ShouldBeTrue(body);
        return raw;
    }

    /// <summary>Each entry's resource in the streamed body is byte for byte the read (or vread) endpoint's body for it.</summary>
    private static async System.Threading.Tasks.Task AssertEntriesAreTheReadBodiesAsync(HttpClient client, string url, bool versioned)
    {
        using var document = JsonDocument.Parse(await GetAsync(client, url, FhirHttp.Json));
        var compared = 0;
        foreach (var entry in document.RootElement.GetProperty("entry").EnumerateArray())
        {
            if (!entry.TryGetProperty("resource", out var resource) || resource.GetProperty("resourceType").GetString() == "OperationOutcome")
            {
                continue;
            }

            var address = $"/fhir/{resource.GetProperty("resourceType").GetString()}/{resource.GetProperty("id").GetString()}";
            if (versioned)
            {
                address += $"/_history/{resource.GetProperty("meta").GetProperty("versionId").GetString()}";
            }

            resource.GetRawText().ShouldBe(await GetAsync(client, address, FhirHttp.Json));
            compared++;
        }

        compared.ShouldBeGreaterThan(0);
    }

    private static bool SameApartFromIdentity(Bundle left, Bundle right, bool links = true)
    {
        static Bundle Strip(Bundle bundle, bool links)
        {
            var copy = (Bundle)bundle.DeepCopy();
            copy.Id = null;
            copy.Meta = null;
            if (!links)
            {
                copy.Link.Clear();
            }

            return copy;
        }

        return Strip(left, links).IsExactly(Strip(right, links));
    }

    private static async Task<string> GetAsync(HttpClient client, string url, string format)
    {
        using var response = await client.SendFhirAsync(HttpMethod.Get, url, format: format);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(format);
        return text;
    }

    private static async Task<Bundle> ReadBundleAsync(HttpClient client, string url, string format)
    {
        using var response = await client.SendFhirAsync(HttpMethod.Get, url, format: format);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.ReadAsync<Bundle>();
    }
}
