using System.Net;
using FhirChain.FhirApi.Tests.Auth;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;
using static FhirChain.FhirApi.Tests.Consent.ResearchData;
using ConsentResource = Hl7.Fhir.Model.Consent;

namespace FhirChain.FhirApi.Tests.Search;

/// <summary>
/// Search across types under SMART scopes and consent: every listed type needs a search scope
/// (<c>*</c> without <c>_type</c>), and patient tokens and research clients see only what they
/// may see, as in a type search.
/// </summary>
public sealed class SystemSearchAccessTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Every_type_searched_needs_a_search_scope(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var id = NewPrefix();
        using var admin = server.Admin();
        await admin.PutAsync(Patient(id));
        using var patientsOnly = server.Client("system/Patient.rs");

        (await patientsOnly.SearchIdsAsync($"?_type=Patient&_id={id}")).ShouldBe([$"Patient/{id}"]);
        (await patientsOnly.SendFhirAsync(HttpMethod.Get, $"/fhir?_type=Patient,Observation&_id={id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await patientsOnly.SendFhirAsync(HttpMethod.Get, $"/fhir?_id={id}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var everything = server.Client("system/*.rs");
        (await everything.SearchIdsAsync($"?_id={id}")).ShouldBe([$"Patient/{id}"]);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Patient_tokens_and_research_clients_see_only_their_data(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var (consenting, other) = (NewPrefix(), NewPrefix());
        using var admin = server.Admin();
        await admin.PutAsync(Patient(consenting));
        await admin.PutAsync(Patient(other));
        await admin.PutAsync(Observation(consenting + "-hr", consenting, HeartRate));
        await admin.PutAsync(Observation(other + "-hr", other, HeartRate));
        await admin.PutAsync(ResearchConsent(consenting + "-consent", consenting, ConsentResource.ConsentProvisionType.Permit));
        var ids = $"_id={consenting},{other},{consenting}-hr,{other}-hr";
        string[] own = [$"Observation/{consenting}-hr", $"Patient/{consenting}"];

        (await admin.SearchIdsAsync($"?{ids}")).Count.ShouldBe(4);
        using var patient = server.Client("patient/*.rs", patient: consenting);
        (await patient.SearchIdsAsync($"?_type=Patient,Observation&{ids}")).ShouldBe(own);
        using var researcher = server.Researcher();
        (await researcher.SearchIdsAsync($"?{ids}")).ShouldBe(own);
        (await researcher.SearchIdsAsync($"?_type=Patient&_id={consenting},{other}&_revinclude=Observation:subject")).ShouldBe(own);
    }
}
