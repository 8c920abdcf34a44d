using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Rest;

/// <summary>$validate at type and instance level: findings are reported, nothing is stored.</summary>
public sealed class ValidateTests
{
    [Theory]
    [MemberData(nameof(Resources.DatabasesAndFormats), MemberType = typeof(Resources))]
    public async System.Threading.Tasks.Task Valid_resource_gets_an_information_outcome(DatabaseKind kind, string format)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();

        using var response = await client.SendFhirAsync(HttpMethod.Post, "/fhir/Patient/$validate", Resources.Patient(), format);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var outcome = await response.ReadAsync<OperationOutcome>();
        outcome.Issue.ShouldHaveSingleItem().Severity.ShouldBe(OperationOutcome.IssueSeverity.Information);
    }

    [Theory]
    [MemberData(nameof(Resources.DatabasesAndFormats), MemberType = typeof(Resources))]
    public async System.Threading.Tasks.Task Invalid_resource_gets_errors_with_expressions_and_is_not_stored(DatabaseKind kind, string format)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var observation = Resources.Observation();
        observation.Status = null;
        observation.DataAbsentReason = new CodeableConcept("http://terminology.hl7.org/CodeSystem/data-absent-reason", "unknown");
        var marker = Resources.UniqueValue();
        observation.Identifier = [new Identifier("urn:example:validate", marker)];

        using var response = await client.SendFhirAsync(HttpMethod.Post, "/fhir/Observation/$validate", observation, format);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var outcome = await response.ReadAsync<OperationOutcome>();
        outcome.Issue.ShouldContain(i => i.Severity == OperationOutcome.IssueSeverity.Error && i.Expression.Any(e => e!.Contains("status")));
        outcome.Issue.ShouldContain(i => i.Severity == OperationOutcome.IssueSeverity.Error && i.Diagnostics!.Contains("obs-6") && i.Expression.Any());
        var search = await (await client.GetAsync($"/fhir/Observation?identifier=urn:example:validate|{marker}")).ReadAsync<Bundle>();
        search.Entry.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Parameters_wrapped_resource_is_validated(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = Resources.Patient();
        patient.Contact = [new Patient.ContactComponent { Gender = AdministrativeGender.Female }];
        var parameters = new Parameters { Parameter = [new Parameters.ParameterComponent { Name = "resource", Resource = patient }] };

        using var response = await client.SendFhirAsync(HttpMethod.Post, "/fhir/Patient/$validate", parameters);

        var outcome = await response.ReadAsync<OperationOutcome>();
        outcome.Issue.ShouldContain(i => i.Diagnostics!.Contains("pat-1"));
    }

    [Theory]
    [MemberData(nameof(Resources.DatabasesAndFormats), MemberType = typeof(Resources))]
    public async System.Threading.Tasks.Task Instance_validate_checks_the_stored_or_posted_resource(DatabaseKind kind, string format)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var patient = await Resources.CreateAsync(client, Resources.Patient());

        using var stored = await client.SendFhirAsync(HttpMethod.Post, $"/fhir/Patient/{patient.Id}/$validate", format: format);
        stored.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await stored.ReadAsync<OperationOutcome>()).Issue.ShouldHaveSingleItem().Severity.ShouldBe(OperationOutcome.IssueSeverity.Information);

        patient.Contact = [new Patient.ContactComponent { Gender = AdministrativeGender.Female }];
        using var posted = await client.SendFhirAsync(HttpMethod.Post, $"/fhir/Patient/{patient.Id}/$validate", patient, format);
        var outcome = await posted.ReadAsync<OperationOutcome>();
        outcome.Issue.ShouldContain(i => i.Diagnostics!.Contains("pat-1") && i.Expression.Contains("Patient.contact[0]"));
        (await Resources.VersionCountAsync(client, $"Patient/{patient.Id}")).ShouldBe(1);

        (await client.SendFhirAsync(HttpMethod.Post, $"/fhir/Patient/missing-{Resources.UniqueValue()[..8]}/$validate")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
