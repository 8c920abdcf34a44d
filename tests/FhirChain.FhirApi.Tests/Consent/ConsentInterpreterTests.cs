using FhirChain.FhirApi.Auth;
using FhirChain.FhirApi.Consents;
using Hl7.Fhir.Model;
using static FhirChain.FhirApi.Tests.Consent.ResearchData;
using ConsentResource = Hl7.Fhir.Model.Consent;

namespace FhirChain.FhirApi.Tests.Consent;

/// <summary>How an R4 Consent's provisions decide for one resource, at one moment, for one research client.</summary>
public sealed class ConsentInterpreterTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Caller Researcher = new(false, "r", SmartScope.ParseAll("system/*.rs"), null, "HRESCH", "Organization/study-1", "system/*.rs");
    private static readonly CodeKey Hiv = new(Loinc, HivTest);
    private static readonly CodeKey Heart = new(Loinc, HeartRate);

    [Theory]
    [InlineData("Patient", HeartRate, true)]
    [InlineData("Observation", HeartRate, true)]
    [InlineData("Observation", HivTest, false)]
    [InlineData("Condition", HivTest, false)]
    public void Permit_with_a_deny_code_exception(string type, string code, bool permitted)
    {
        var directive = ConsentInterpreter.Interpret(ResearchConsent("c", "p", ConsentResource.ConsentProvisionType.Permit, DenyCode(HivTest)), Now, Researcher);
        directive.ShouldNotBeNull();
        directive.PatientId.ShouldBe("p");
        directive.Rule.DecideAtRoot(type, [new CodeKey(Loinc, code)]).ShouldBe(permitted);
    }

    /// <summary>
    /// The consent cache keeps a caller's directives until the next boundary: interpreting a consent just
    /// before and at each boundary differs, and anywhere between two boundaries it is the same.
    /// </summary>
    [Fact]
    public void Boundaries_are_where_the_interpretation_can_change()
    {
        var exception = DenyType("Observation");
        exception.Period = new Period { Start = "2026-03-01T08:00:00Z", End = "2026-04-01" };
        var consent = ResearchConsent("c", "p", ConsentResource.ConsentProvisionType.Permit, exception);
        consent.Provision!.Period = new Period { End = "2026-12-31T23:00:00Z" };

        var boundaries = ConsentInterpreter.Boundaries(consent.Provision).Order().ToList();
        boundaries.ShouldBe([
            new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 4, 2, 0, 0, 0, TimeSpan.Zero), // an end date covers its whole day
            new DateTimeOffset(2026, 12, 31, 23, 0, 0, TimeSpan.Zero)]);
        string Decision(DateTimeOffset at) => ConsentInterpreter.Interpret(consent, at, Researcher) is { } d ? d.Rule.DecideAtRoot("Observation", []).ToString() : "none";
        foreach (var boundary in boundaries)
        {
            Decision(boundary.AddTicks(-1)).ShouldNotBe(Decision(boundary), boundary.ToString("O"));
        }

        Decision(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero)).ShouldBe(Decision(new DateTimeOffset(2026, 4, 1, 23, 59, 59, TimeSpan.Zero)));
    }

    [Fact]
    public void Nested_exception_inside_an_exception_reverses_it_again()
    {
        // Permit all, except Observations, except heart rate observations.
        var denyObservations = DenyType("Observation");
        denyObservations.Provision.Add(new ConsentResource.provisionComponent { Type = ConsentResource.ConsentProvisionType.Permit, Code = [new CodeableConcept(Loinc, HeartRate)] });
        var rule = ConsentInterpreter.Interpret(ResearchConsent("c", "p", ConsentResource.ConsentProvisionType.Permit, denyObservations), Now, Researcher)!.Rule;
        rule.DecideAtRoot("Observation", [Heart]).ShouldBeTrue();
        rule.DecideAtRoot("Observation", [Hiv]).ShouldBeFalse();
        rule.DecideAtRoot("Patient", []).ShouldBeTrue();
    }

    [Fact]
    public void Root_class_limits_a_permit_to_the_named_types()
    {
        var consent = ResearchConsent("c", "p", ConsentResource.ConsentProvisionType.Permit);
        consent.Provision!.Class = [new Coding(ConsentInterpreter.ResourceTypesSystem, "Observation")];
        var rule = ConsentInterpreter.Interpret(consent, Now, Researcher)!.Rule;
        rule.DecideAtRoot("Observation", [Heart]).ShouldBeTrue();
        rule.DecideAtRoot("Patient", []).ShouldBeFalse();
    }

    [Fact]
    public void Only_a_deny_of_everything_without_permitting_exceptions_permits_nothing()
    {
        Rule(ResearchConsent("c", "p", ConsentResource.ConsentProvisionType.Deny)).PermitsAnythingAtRoot.ShouldBeFalse();
        Rule(ResearchConsent("c", "p", ConsentResource.ConsentProvisionType.Deny, DenyCode(HivTest))).PermitsAnythingAtRoot.ShouldBeFalse();
        Rule(ResearchConsent("c", "p", ConsentResource.ConsentProvisionType.Permit)).PermitsAnythingAtRoot.ShouldBeTrue();

        var exceptObservations = ResearchConsent("c", "p", ConsentResource.ConsentProvisionType.Deny);
        exceptObservations.Provision!.Provision.Add(new ConsentResource.provisionComponent { Class = [new Coding(ConsentInterpreter.ResourceTypesSystem, "Observation")] });
        Rule(exceptObservations).PermitsAnythingAtRoot.ShouldBeTrue();

        var denyObservations = ResearchConsent("c", "p", ConsentResource.ConsentProvisionType.Deny);
        denyObservations.Provision!.Class = [new Coding(ConsentInterpreter.ResourceTypesSystem, "Observation")];
        Rule(denyObservations).PermitsAnythingAtRoot.ShouldBeTrue();
    }

    [Theory]
    [InlineData("2026-01-01", "2026-12-31", true)]
    [InlineData("2026-01-01", "2026-06-01", true)]
    [InlineData("2025-01-01", "2026-05-31", false)]
    [InlineData("2026-07-01", null, false)]
    public void Root_period_decides_whether_the_consent_applies(string start, string? end, bool applies)
    {
        var consent = ResearchConsent("c", "p", ConsentResource.ConsentProvisionType.Permit);
        consent.Provision!.Period = new Period { Start = start, End = end };
        (ConsentInterpreter.Interpret(consent, Now, Researcher) is not null).ShouldBe(applies);
    }

    [Fact]
    public void Inactive_rejected_or_non_research_consents_do_not_apply()
    {
        foreach (var status in new[] { ConsentResource.ConsentState.Inactive, ConsentResource.ConsentState.Rejected, ConsentResource.ConsentState.Draft })
        {
            var consent = ResearchConsent("c", "p", ConsentResource.ConsentProvisionType.Permit);
            consent.Status = status;
            ConsentInterpreter.Interpret(consent, Now, Researcher).ShouldBeNull();
        }

        var treatment = ResearchConsent("c", "p", ConsentResource.ConsentProvisionType.Permit);
        treatment.Scope = new CodeableConcept(ConsentInterpreter.ScopeSystem, "treatment");
        ConsentInterpreter.Interpret(treatment, Now, Researcher).ShouldBeNull();
    }

    [Fact]
    public void Exceptions_for_another_actor_or_purpose_are_ignored()
    {
        var otherActor = DenyType("Observation");
        otherActor.Actor = [new ConsentResource.provisionActorComponent { Role = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP"), Reference = new ResourceReference("Organization/study-2") }];
        var otherPurpose = DenyType("Patient");
        otherPurpose.Purpose = [new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "HMARKT")];
        var rule = ConsentInterpreter.Interpret(ResearchConsent("c", "p", ConsentResource.ConsentProvisionType.Permit, otherActor, otherPurpose), Now, Researcher)!.Rule;
        rule.Exceptions.ShouldBeEmpty();
        rule.DecideAtRoot("Observation", [Heart]).ShouldBeTrue();
        rule.DecideAtRoot("Patient", []).ShouldBeTrue();
    }

    private static ConsentRule Rule(ConsentResource consent) => ConsentInterpreter.Interpret(consent, Now, Researcher)!.Rule;
}
