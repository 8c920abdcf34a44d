using FhirChain.FhirApi.Auth;

namespace FhirChain.FhirApi.Tests.Auth;

/// <summary>Parsing SMART v2 and v1 scopes and what they grant.</summary>
public sealed class SmartScopeTests
{
    [Theory]
    [InlineData("system/*.rs", "Observation", "Read", true)]
    [InlineData("system/*.rs", "Observation", "Search", true)]
    [InlineData("system/*.rs", "Observation", "Create", false)]
    [InlineData("user/Observation.cruds", "Observation", "Delete", true)]
    [InlineData("user/Observation.cruds", "Patient", "Read", false)]
    [InlineData("patient/*.r", "Patient", "Read", true)]
    [InlineData("patient/*.r", "Patient", "Search", false)]
    [InlineData("patient/Observation.read", "Observation", "Search", true)]
    [InlineData("user/*.write", "Patient", "Update", true)]
    [InlineData("user/*.write", "Patient", "Read", false)]
    [InlineData("system/*.*", "Consent", "Delete", true)]
    [InlineData("system/Patient.rs?identifier=x", "Patient", "Read", true)]
    public void Scope_grants_exactly_its_permissions(string scope, string type, string permission, bool granted)
    {
        var parsed = SmartScope.Parse(scope);
        parsed.ShouldNotBeNull();
        parsed.Grants(type, Enum.Parse<SmartPermission>(permission)).ShouldBe(granted);
    }

    [Theory]
    [InlineData("openid")]
    [InlineData("launch/patient")]
    [InlineData("system/*.sr")]
    [InlineData("system/*.rr")]
    [InlineData("other/*.rs")]
    [InlineData("system/*.")]
    public void Non_resource_or_malformed_scopes_grant_nothing(string scope) => SmartScope.Parse(scope).ShouldBeNull();

    [Fact]
    public void Patient_scope_grants_only_the_compartment_and_a_system_scope_everything()
    {
        var patientOnly = new Caller(false, "c", SmartScope.ParseAll("patient/*.rs"), "p1", null, null, "patient/*.rs");
        patientOnly.GrantFor("Observation", SmartPermission.Search).ShouldBe(AccessGrant.PatientCompartment);
        var both = patientOnly with { Scopes = SmartScope.ParseAll("patient/*.rs system/Observation.rs") };
        both.GrantFor("Observation", SmartPermission.Search).ShouldBe(AccessGrant.Full);
        both.GrantFor("Patient", SmartPermission.Search).ShouldBe(AccessGrant.PatientCompartment);
        var noPatientClaim = patientOnly with { PatientId = null };
        noPatientClaim.GrantFor("Observation", SmartPermission.Search).ShouldBe(AccessGrant.None);
    }
}
