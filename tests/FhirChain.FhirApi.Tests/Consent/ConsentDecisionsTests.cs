using FhirChain.FhirApi.Auth;
using FhirChain.FhirApi.Consents;
using Hl7.Fhir.Model;
using static FhirChain.FhirApi.Tests.Consent.ResearchData;
using ConsentResource = Hl7.Fhir.Model.Consent;

namespace FhirChain.FhirApi.Tests.Consent;

/// <summary>How a request's consents are decided once per patient and type: permit, deny, or by code.</summary>
public sealed class ConsentDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Caller Researcher = new(false, "r", SmartScope.ParseAll("system/*.rs"), null, "HRESCH", null, "system/*.rs");

    private static readonly ConsentDecisions Decisions = new(
        [
            Directive(ResearchConsent("c1", "all", ConsentResource.ConsentProvisionType.Permit)),
            Directive(ResearchConsent("c2", "deny", ConsentResource.ConsentProvisionType.Deny)),
            Directive(ObservationsOnly()),
            Directive(ResearchConsent("c4", "no-hiv", ConsentResource.ConsentProvisionType.Permit, DenyCode(HivTest))),
            Directive(HeartRateObservationsOnly()),
        ],
        ConsentPolicy.Deny);

    [Fact]
    public void A_type_no_class_names_shares_the_decisions_of_every_other_type()
    {
        Decisions.NamedTypes.ShouldBe(["Observation"]);
        Decisions.For("Condition").ShouldBeSameAs(Decisions.OtherTypes);
        Decisions.For("Patient").ShouldBeSameAs(Decisions.OtherTypes);
        Decisions.For("Observation").Type.ShouldBe("Observation");
    }

    [Fact]
    public void Class_provisions_decide_per_type_and_code_provisions_leave_the_decision_to_each_resource()
    {
        var patients = Decisions.For("Patient");
        patients.Permitted.ShouldBe(["all", "nested"]);
        patients.Denied.ShouldBe(["deny", "observations"]);
        patients.ByCode.Single().PatientIds.ShouldBe(["no-hiv"]);

        var observations = Decisions.For("Observation");
        observations.Permitted.ShouldBe(["all", "observations"]);
        observations.Denied.ShouldBe(["deny"]);
        observations.ByCode.SelectMany(g => g.PatientIds).Order(StringComparer.Ordinal).ShouldBe(["nested", "no-hiv"]);
        observations.NamedCodes().Order(StringComparer.Ordinal).ShouldBe([HivTest, HeartRate]);
    }

    [Fact]
    public void Without_named_codes_each_patient_gets_what_their_consent_gives_other_data()
    {
        var plain = Decisions.For("Observation").WithoutNamedCodes();
        plain.ByCode.ShouldBeEmpty();
        plain.Permitted.Order(StringComparer.Ordinal).ShouldBe(["all", "no-hiv", "observations"]);
        plain.Denied.Order(StringComparer.Ordinal).ShouldBe(["deny", "nested"]);
    }

    [Theory]
    [InlineData("nested", HeartRate, true)]
    [InlineData("nested", HivTest, false)]
    [InlineData("no-hiv", HeartRate, true)]
    [InlineData("no-hiv", HivTest, false)]
    [InlineData("all", HivTest, true)]
    [InlineData("deny", HeartRate, false)]
    [InlineData("unknown", HeartRate, false)]
    public void Patient_permits_an_observation_by_its_codes(string patient, string code, bool permitted) =>
        Decisions.For("Observation").PatientPermits("Observation", ConsentPolicy.Deny)(patient, [new CodeKey(Loinc, code)]).ShouldBe(permitted);

    [Fact]
    public void Opt_out_permits_patients_without_a_consent_but_not_those_who_deny()
    {
        var permits = Decisions.For("Observation").PatientPermits("Observation", ConsentPolicy.Permit);
        permits("unknown", []).ShouldBeTrue();
        permits("deny", []).ShouldBeFalse();
    }

    private static ConsentDirective Directive(ConsentResource consent) => ConsentInterpreter.Interpret(consent, Now, Researcher).ShouldNotBeNull();

    private static ConsentResource ObservationsOnly()
    {
        var consent = ResearchConsent("c3", "observations", ConsentResource.ConsentProvisionType.Permit);
        consent.Provision!.Class = [new Coding("http://hl7.org/fhir/resource-types", "Observation")];
        return consent;
    }

    /// <summary>Permit everything but Observations, of which heart rates are permitted again.</summary>
    private static ConsentResource HeartRateObservationsOnly()
    {
        var denyObservations = DenyType("Observation");
        denyObservations.Provision.Add(new ConsentResource.provisionComponent { Type = ConsentResource.ConsentProvisionType.Permit, Code = [new CodeableConcept(Loinc, HeartRate)] });
        return ResearchConsent("c5", "nested", ConsentResource.ConsentProvisionType.Permit, denyObservations);
    }
}
