using System.Net;
using System.Net.Http.Headers;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirChain.FhirApi.Tests.Rest;

/// <summary>The CapabilityStatement and content negotiation: _format, Accept, Content-Type.</summary>
public sealed class MetadataTests
{
    [Theory]
    [MemberData(nameof(Resources.DatabasesAndFormats), MemberType = typeof(Resources))]
    public async System.Threading.Tasks.Task Metadata_lists_every_resource_type_with_interactions_and_search_params(DatabaseKind kind, string format)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();

        using var response = await client.SendFhirAsync(HttpMethod.Get, "/fhir/metadata", format: format);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(format);
        var statement = await response.ReadAsync<CapabilityStatement>();
        statement.FhirVersion.ShouldBe(FHIRVersion.N4_0_1);
        statement.Kind.ShouldBe(CapabilityStatementKind.Instance);
        var rest = statement.Rest.ShouldHaveSingleItem();
        rest.Resource.Select(r => r.Type).ShouldBe(ModelInfo.SupportedResources.Order(StringComparer.Ordinal), ignoreOrder: true);
        foreach (var resource in rest.Resource)
        {
            resource.Interaction.Select(i => i.Code).ShouldContain(CapabilityStatement.TypeRestfulInteraction.Read, resource.Type);
            resource.Interaction.Select(i => i.Code).ShouldContain(CapabilityStatement.TypeRestfulInteraction.Create, resource.Type);
            resource.SearchParam.ShouldNotBeEmpty(resource.Type);
        }

        var patient = rest.Resource.Single(r => r.Type == "Patient");
        patient.SearchParam.Select(p => p.Name).ShouldContain("identifier");
        patient.SearchParam.Select(p => p.Name).ShouldContain("birthdate");
        rest.Resource.Single(r => r.Type == "Observation").SearchParam.Select(p => p.Name).ShouldContain("value-quantity");
        rest.Resource.Single(r => r.Type == "Consent").SearchParam.Select(p => p.Name).ShouldContain("patient");
        rest.Interaction.Select(i => i.Code).ShouldBe(
            [CapabilityStatement.SystemRestfulInteraction.Transaction, CapabilityStatement.SystemRestfulInteraction.Batch, CapabilityStatement.SystemRestfulInteraction.HistorySystem, CapabilityStatement.SystemRestfulInteraction.SearchSystem],
            ignoreOrder: true);
        rest.SearchParam.Select(p => p.Name).ShouldBe(["_id", "_lastUpdated", "_tag", "_profile", "_security", "_source", "_content", "_list", "_text"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("xml", "application/fhir+xml")]
    [InlineData("application/fhir+xml", "application/fhir+xml")]
    [InlineData("json", "application/fhir+json")]
    [InlineData("application/json", "application/fhir+json")]
    public async System.Threading.Tasks.Task Format_parameter_overrides_accept(string formatParameter, string expected)
    {
        var server = await SharedServers.GetAsync(DatabaseKind.Sqlite);
        using var client = server.CreateClient();
        var other = expected == FhirHttp.Json ? FhirHttp.Xml : FhirHttp.Json;

        using var response = await client.SendFhirAsync(HttpMethod.Get, $"/fhir/metadata?_format={Uri.EscapeDataString(formatParameter)}", format: other);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(expected);
        (await response.ReadAsync<CapabilityStatement>()).Rest.ShouldNotBeEmpty();
    }

    [Theory]
    [InlineData("application/fhir+xml", "application/fhir+xml")]
    [InlineData("application/xml", "application/fhir+xml")]
    [InlineData("application/fhir+json", "application/fhir+json")]
    [InlineData("text/html;q=0.9, application/fhir+xml;q=0.8", "application/fhir+xml")]
    [InlineData("application/fhir+json;q=0.5, application/fhir+xml", "application/fhir+xml")]
    [InlineData("*/*", "application/fhir+json")]
    public async System.Threading.Tasks.Task Accept_header_chooses_the_response_format(string accept, string expected)
    {
        var server = await SharedServers.GetAsync(DatabaseKind.Sqlite);
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/fhir/metadata");
        request.Headers.TryAddWithoutValidation("Accept", accept);

        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe(expected);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Unsupported_accept_is_406_with_an_operation_outcome(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/fhir/metadata");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/pdf"));

        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.NotAcceptable);
        (await response.ReadAsync<OperationOutcome>()).Issue[0].Diagnostics!.ShouldContain("application/pdf");
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Unsupported_format_parameter_is_406(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();

        using var response = await client.GetAsync("/fhir/metadata?_format=text/turtle");

        response.StatusCode.ShouldBe(HttpStatusCode.NotAcceptable);
        (await response.ReadAsync<OperationOutcome>()).Issue[0].Code.ShouldBe(OperationOutcome.IssueType.NotSupported);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Unsupported_content_type_is_415_and_stores_nothing(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var identifier = Resources.UniqueValue();
        var json = Resources.Patient(identifier: identifier).ToJson();

        using var response = await client.SendAsync(FhirHttp.Request(HttpMethod.Post, "/fhir/Patient", content: FhirHttp.Body(json, "text/plain")));

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await response.ReadAsync<OperationOutcome>()).Issue[0].Diagnostics!.ShouldContain("text/plain");
        var search = await (await client.GetAsync($"/fhir/Patient?identifier={Resources.IdentifierSystem}|{identifier}")).ReadAsync<Bundle>();
        search.Entry.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Resources.DatabasesAndFormats), MemberType = typeof(Resources))]
    public async System.Threading.Tasks.Task Pretty_output_is_indented_and_parses_the_same(DatabaseKind kind, string format)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await Resources.CreateAsync(client, Resources.Patient());

        using var pretty = await client.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{patient.Id}?_pretty=true", format: format);
        using var compact = await client.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{patient.Id}", format: format);

        var prettyText = await pretty.Content.ReadAsStringAsync();
        prettyText.ShouldContain("\n");
        (await compact.Content.ReadAsStringAsync()).Trim().ShouldNotContain("\n");
        (await pretty.ReadAsync<Patient>()).Name[0].Family.ShouldBe("Chalmers");
    }

    [Theory]
    [MemberData(nameof(Resources.DatabasesAndFormats), MemberType = typeof(Resources))]
    public async System.Threading.Tasks.Task Summary_and_elements_on_read_trim_the_resource(DatabaseKind kind, string format)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var toStore = Resources.Patient();
        toStore.Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Home, "555-0101")];
        toStore.MaritalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", "M");
        var patient = await Resources.CreateAsync(client, toStore);

        var elements = await (await client.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{patient.Id}?_elements=name", format: format)).ReadAsync<Patient>();
        elements.Name.ShouldNotBeEmpty();
        elements.BirthDate.ShouldBeNull();
        elements.Telecom.ShouldBeEmpty();

        var summary = await (await client.SendFhirAsync(HttpMethod.Get, $"/fhir/Patient/{patient.Id}?_summary=true", format: format)).ReadAsync<Patient>();
        summary.Name.ShouldNotBeEmpty();
        summary.BirthDate.ShouldBe("1974-12-25");
        summary.MaritalStatus.ShouldBeNull();
    }
}
