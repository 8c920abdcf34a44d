using System.Net;
using System.Text;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;
using static FhirChain.FhirApi.Tests.Hl7v2.Hl7TestMessages;

namespace FhirChain.FhirApi.Tests.Hl7v2;

/// <summary>POST /hl7v2 end to end: ACKs, the resources written through the FHIR write path, resends.</summary>
public sealed class Hl7HttpTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Adt_a01_is_accepted_and_its_patient_and_encounter_are_stored_with_provenance_leaves(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var id = NewId();
        var controlId = "A01-" + id;

        var ack = await PostAsync(client, Load("adt-a01.hl7", id, controlId));

        Field(ack, "MSA", 1).ShouldBe("AA");
        Field(ack, "MSA", 2).ShouldBe(controlId);
        Field(ack, "MSH", 9).ShouldBe("ACK^A01^ACK");
        var patient = await SingleAsync<Patient>(client, $"/fhir/Patient?identifier={IdentifierQuery("MRN" + id)}");
        patient.Name[0].Family.ShouldBe("Everyman");
        var encounter = await SingleAsync<Encounter>(client, $"/fhir/Encounter?identifier={IdentifierQuery("VN" + id)}");
        encounter.Subject!.Reference.ShouldBe($"Patient/{patient.Id}");
        foreach (var path in new[] { $"/fhir/Patient/{patient.Id}", $"/fhir/Encounter/{encounter.Id}" })
        {
            using var read = await client.SendFhirAsync(HttpMethod.Get, path);
            read.StatusCode.ShouldBe(HttpStatusCode.OK);
            long.Parse(read.Headers.GetValues("X-Provenance-Leaf-Index").Single(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThanOrEqualTo(0);
        }
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Adt_a08_for_the_same_patient_updates_it_to_version_2(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var id = NewId();
        Field(await PostAsync(client, Load("adt-a01.hl7", id)), "MSA", 1).ShouldBe("AA");
        var admitted = await SingleAsync<Patient>(client, $"/fhir/Patient?identifier={IdentifierQuery("MRN" + id)}");

        Field(await PostAsync(client, Load("adt-a08.hl7", id)), "MSA", 1).ShouldBe("AA");

        var updated = await SingleAsync<Patient>(client, $"/fhir/Patient?identifier={IdentifierQuery("MRN" + id)}");
        updated.Id.ShouldBe(admitted.Id);
        updated.Meta!.VersionId.ShouldBe("2");
        updated.Name[0].Given.ShouldContain("Bert");
        var encounter = await SingleAsync<Encounter>(client, $"/fhir/Encounter?identifier={IdentifierQuery("VN" + id)}");
        encounter.Meta!.VersionId.ShouldBe("2");
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Oru_r01_stores_a_diagnostic_report_with_its_observations(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var id = NewId();

        Field(await PostAsync(client, Load("oru-r01.hl7", id)), "MSA", 1).ShouldBe("AA");

        var patient = await SingleAsync<Patient>(client, $"/fhir/Patient?identifier={IdentifierQuery("MRN" + id)}");
        var observations = Resources<Observation>(await SearchAsync(client, $"/fhir/Observation?subject=Patient/{patient.Id}"));
        observations.Select(o => o.Code!.Coding[0].Code).Order().ShouldBe(["2093-3", "2571-8"]);
        var cholesterol = observations.Single(o => o.Code!.Coding[0].Code == "2093-3");
        cholesterol.Value.ShouldBeOfType<Quantity>().Value.ShouldBe(196m);
        var report = Resources<DiagnosticReport>(await SearchAsync(client, $"/fhir/DiagnosticReport?subject=Patient/{patient.Id}")).ShouldHaveSingleItem();
        report.Result.Select(r => r.Reference).Order().ShouldBe(observations.Select(o => $"Observation/{o.Id}").Order());
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Resend_of_an_accepted_message_returns_the_identical_ack_and_writes_nothing(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var id = NewId();
        var message = Load("adt-a01.hl7", id);
        var first = await PostAsync(client, message);
        var patient = await SingleAsync<Patient>(client, $"/fhir/Patient?identifier={IdentifierQuery("MRN" + id)}");
        var encounter = await SingleAsync<Encounter>(client, $"/fhir/Encounter?identifier={IdentifierQuery("VN" + id)}");

        var second = await PostAsync(client, message);

        second.ShouldBe(first);
        (await HistoryCountAsync(client, $"/fhir/Patient/{patient.Id}/_history")).ShouldBe(1);
        (await HistoryCountAsync(client, $"/fhir/Encounter/{encounter.Id}/_history")).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Concurrent_resends_of_one_control_id_store_it_once_and_all_get_the_same_ack(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var id = NewId();
        var message = Load("adt-a01.hl7", id);

        var acks = await System.Threading.Tasks.Task.WhenAll(Enumerable.Range(0, 6).Select(_ => PostAsync(client, message)));

        acks.Distinct().ShouldHaveSingleItem();
        Field(acks[0], "MSA", 1).ShouldBe("AA");
        var patient = await SingleAsync<Patient>(client, $"/fhir/Patient?identifier={IdentifierQuery("MRN" + id)}");
        (await HistoryCountAsync(client, $"/fhir/Patient/{patient.Id}/_history")).ShouldBe(1);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Unsupported_message_type_is_rejected_with_err_200(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var controlId = "ORM-" + NewId();

        var ack = await PostAsync(client, Load("orm-o01-unsupported.hl7", NewId(), controlId));

        Field(ack, "MSA", 1).ShouldBe("AR");
        Field(ack, "MSA", 2).ShouldBe(controlId);
        Field(ack, "ERR", 3).ShouldStartWith("200^");
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Malformed_message_is_rejected(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();

        var ack = await PostAsync(client, Load("malformed-no-control-id.hl7", NewId()));

        Field(ack, "MSA", 1).ShouldBe("AR");
        Field(ack, "MSA", 2).ShouldBeEmpty();
        Segments(ack, "ERR").ShouldNotBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Message_failing_fhir_validation_gets_ae_naming_the_problem(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var id = NewId();

        var ack = await PostAsync(client, Load("adt-a01-future-birth-date.hl7", id));

        Field(ack, "MSA", 1).ShouldBe("AE");
        Field(ack, "ERR", 8).ShouldContain("birthDate is in the future");
        (await SearchAsync(client, $"/fhir/Patient?identifier={IdentifierQuery("MRN" + id)}")).Entry.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData(Er7)]
    public async System.Threading.Tasks.Task Ack_comes_back_in_the_content_type_sent(string mediaType)
    {
        var server = await SharedServers.GetAsync(DatabaseKind.Sqlite);
        using var client = server.CreateClient();

        using var response = await client.PostAsync("/hl7v2", new StringContent(Load("adt-a01.hl7", NewId()), Encoding.UTF8, mediaType));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(mediaType);
        (await response.Content.ReadAsStringAsync()).ShouldStartWith("MSH|^~\\&|");
    }

    [Fact]
    public async System.Threading.Tasks.Task Other_content_types_get_415_and_an_empty_body_400()
    {
        var server = await SharedServers.GetAsync(DatabaseKind.Sqlite);
        using var client = server.CreateClient();

        using var json = await client.PostAsync("/hl7v2", new StringContent(Load("adt-a01.hl7", NewId()), Encoding.UTF8, "application/json"));
        using var empty = await client.PostAsync("/hl7v2", new StringContent(string.Empty, Encoding.UTF8, Er7));

        json.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        empty.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    internal static async Task<Bundle> SearchAsync(HttpClient client, string url)
    {
        using var response = await client.SendFhirAsync(HttpMethod.Get, url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.ReadAsync<Bundle>();
    }

    internal static async Task<T> SingleAsync<T>(HttpClient client, string url)
        where T : Resource =>
        Resources<T>(await SearchAsync(client, url)).ShouldHaveSingleItem();

    internal static List<T> Resources<T>(Bundle bundle)
        where T : Resource =>
        [.. bundle.Entry.Select(e => e.Resource).OfType<T>()];

    private static async Task<int> HistoryCountAsync(HttpClient client, string url) => (await SearchAsync(client, url)).Entry.Count;
}
