#nullable disable warnings
using System.Text.Json;
using FhirChain.Interop.Acks;
using FhirChain.Interop.Er7;
using FhirChain.Interop.Mapping;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace FhirChain.Interop.Tests.Mapping;

public sealed class MappingTests
{
    private const string Header = "MSH|^~\\&|APP|FAC|RCV|RFAC|20250102030405+0100||{0}|CTRL-{1}|P|2.5.1\r";
    private const string Pid = "PID|1||123^^^HOSP&1.2.3.4&ISO^MR~X9^^^LOCAL^PI||Doe^John^Quincy^Jr^Dr^^L||19800215|M|||1 Main St^Apt 2^Springfield^IL^62701^USA^H||^PRN^PH^^1^555^5551234~^NET^Internet^john@example.org|(555)555-9999|||||||||||||||\r";

    private static readonly JsonSerializerOptions Fhir = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    private static V2Mapped MapOk(string text)
    {
        var message = Er7Parser.Parse(text).TryGetMessage(out var m, out var e) ? m : throw new InvalidOperationException(e.ToString());
        var result = new V2ToFhirMapper().Map(message).ShouldBeOfType<V2Mapped>();
        AssertValidFhir(result.Transaction);
        return result;
    }

    private static void AssertValidFhir(Bundle bundle)
    {
        var json = JsonSerializer.Serialize(bundle, Fhir);
        var roundTrip = JsonSerializer.Deserialize<Bundle>(json, Fhir)!;
        roundTrip.Type.ShouldBe(Bundle.BundleType.Transaction);
        foreach (var entry in roundTrip.Entry)
        {
            entry.FullUrl.ShouldStartWith("urn:uuid:");
            entry.Request.ShouldNotBeNull();
            switch (entry.Resource)
            {
                case Observation o: o.Status.ShouldNotBeNull(); o.Code.ShouldNotBeNull(); break;
                case Encounter enc: enc.Status.ShouldNotBeNull(); enc.Class.ShouldNotBeNull(); break;
                case DiagnosticReport d: d.Status.ShouldNotBeNull(); d.Code.ShouldNotBeNull(); break;
                case Provenance p: p.Recorded.ShouldNotBeNull(); p.Target.ShouldNotBeEmpty(); p.Agent.ShouldAllBe(a => a.Who != null); break;
            }
        }
    }

    private static T Single<T>(V2Mapped mapped) where T : Resource => mapped.Transaction.Entry.Select(e => e.Resource).OfType<T>().Single();

    private static Bundle.EntryComponent EntryOf<T>(V2Mapped mapped) => mapped.Transaction.Entry.First(e => e.Resource is T);

    [Fact]
    public void Adt_a01_maps_patient_encounter_and_provenance()
    {
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, Header, "ADT^A01^ADT_A01", 1) + Pid
            + "NK1|1|Doe^Jane|SPO^Spouse^HL70063|1 Main St^^Springfield^IL|^PRN^PH^^1^555^5550000\r"
            + "PV1|1|I|W1^101^A^GH||||||||||||||||V100^^^GH&1.2.3.9&ISO^VN|||||||||||||||||||||||||20250101080000\r";

        var mapped = MapOk(text);

        var patient = Single<Patient>(mapped);
        patient.Identifier[0].System.ShouldBe("urn:oid:1.2.3.4");
        patient.Identifier[0].Value.ShouldBe("123");
        patient.Identifier[0].Type.Coding[0].Code.ShouldBe("MR");
        patient.Identifier[1].System.ShouldBe("urn:fhirchain:v2:assigning-authority:LOCAL");
        patient.Name[0].Family.ShouldBe("Doe");
        patient.Name[0].Given.ShouldBe(["John", "Quincy"]);
        patient.Name[0].Prefix.ShouldBe(["Dr"]);
        patient.Name[0].Use.ShouldBe(HumanName.NameUse.Official);
        patient.Gender.ShouldBe(AdministrativeGender.Male);
        patient.BirthDate.ShouldBe("1980-02-15");
        patient.Address[0].City.ShouldBe("Springfield");
        patient.Telecom.ShouldContain(t => t.System == ContactPoint.ContactPointSystem.Phone && t.Value == "+1 (555) 5551234" && t.Use == ContactPoint.ContactPointUse.Home);
        patient.Telecom.ShouldContain(t => t.System == ContactPoint.ContactPointSystem.Email && t.Value == "john@example.org");
        patient.Telecom.ShouldContain(t => t.Value == "(555)555-9999" && t.Use == ContactPoint.ContactPointUse.Work);
        patient.Contact.Single().Name.Family.ShouldBe("Doe");
        patient.Contact.Single().Relationship[0].Coding[0].Code.ShouldBe("SPO");
        EntryOf<Patient>(mapped).Request.Method.ShouldBe(Bundle.HTTPVerb.PUT);
        EntryOf<Patient>(mapped).Request.Url.ShouldBe("Patient?identifier=urn:oid:1.2.3.4|123");

        var encounter = Single<Encounter>(mapped);
        encounter.Status.ShouldBe(Encounter.EncounterStatus.InProgress);
        encounter.Class.Code.ShouldBe("IMP");
        encounter.Period.Start.ShouldBe("2025-01-01T08:00:00+00:00");
        encounter.Subject.Reference.ShouldBe(EntryOf<Patient>(mapped).FullUrl);
        encounter.Location[0].Location.Display.ShouldBe("W1 101 A GH");
        EntryOf<Encounter>(mapped).Request.Url.ShouldBe("Encounter?identifier=urn:oid:1.2.3.9|V100");

        var provenance = Single<Provenance>(mapped);
        provenance.Target.Count.ShouldBe(2);
        provenance.Recorded.ShouldBe(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.FromHours(1)));
        provenance.Entity[0].Role.ShouldBe(Provenance.ProvenanceEntityRole.Source);
        provenance.Entity[0].What.Identifier.System.ShouldBe("urn:fhirchain:v2:control-id:APP^FAC");
        provenance.Entity[0].What.Identifier.Value.ShouldBe("CTRL-1");
        provenance.Entity[0].What.Display.ShouldBe("ADT^A01");
        EntryOf<Provenance>(mapped).Request.Method.ShouldBe(Bundle.HTTPVerb.POST);
        mapped.ControlId.ShouldBe("CTRL-1");
    }

    [Theory]
    [InlineData("A01", Encounter.EncounterStatus.InProgress)]
    [InlineData("A04", Encounter.EncounterStatus.Arrived)]
    [InlineData("A08", Encounter.EncounterStatus.InProgress)]
    [InlineData("A03", Encounter.EncounterStatus.Finished)]
    public void Visit_events_set_the_encounter_status(string trigger, Encounter.EncounterStatus status)
    {
        var end = trigger == "A03" ? "20250105120000-0500" : string.Empty;
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, Header, "ADT^" + trigger, 2) + Pid
            + $"PV1|1|E|||||||||||||||||V7|||||||||||||||||||||||||20250101080000|{end}\r";

        var encounter = Single<Encounter>(MapOk(text));

        encounter.Status.ShouldBe(status);
        encounter.Class.Code.ShouldBe("EMER");
        if (trigger == "A03")
        {
            encounter.Period.End.ShouldBe("2025-01-05T12:00:00-05:00");
        }
    }

    [Theory]
    [InlineData("A28")]
    [InlineData("A31")]
    public void Person_events_map_only_the_patient(string trigger)
    {
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, Header, "ADT^" + trigger, 3) + Pid + "PV1|1|N\r";

        var mapped = MapOk(text);

        mapped.Transaction.Entry.Select(e => e.Resource.TypeName).ShouldBe(["Patient", "Provenance"]);
    }

    [Fact]
    public void A40_merge_links_old_and_surviving_patients()
    {
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, Header, "ADT^A40^ADT_A39", 4) + Pid + "MRG|OLD1^^^HOSP&1.2.3.4&ISO^MR\r";

        var mapped = MapOk(text);

        var patients = mapped.Transaction.Entry.Where(e => e.Resource is Patient).ToList();
        patients.Count.ShouldBe(2);
        var survivor = (Patient)patients[0].Resource;
        var old = (Patient)patients[1].Resource;
        old.Active.ShouldBe(false);
        old.Link.Single().Type.ShouldBe(Patient.LinkType.ReplacedBy);
        old.Link.Single().Other.Reference.ShouldBe(patients[0].FullUrl);
        survivor.Link.Single().Type.ShouldBe(Patient.LinkType.Replaces);
        survivor.Link.Single().Other.Reference.ShouldBe(patients[1].FullUrl);
        patients[1].Request.Url.ShouldBe("Patient?identifier=urn:oid:1.2.3.4|OLD1");
    }

    [Fact]
    public void Ig_benchmark_oru_r01_maps_report_and_observations()
    {
        var mapped = MapOk(SampleFiles.Read("hl7-v2-to-fhir-ig/benchmark-messages/ORU_R01.hl7"));

        // OBR-3 names its authority "8.7.6.4^ISO", which is not a valid OID (first arc > 2): the namespace id is used.
        var report = Single<DiagnosticReport>(mapped);
        report.Code.Coding[0].System.ShouldBe("http://loinc.org");
        report.Code.Coding[0].Code.ShouldBe("51523-9");
        report.Status.ShouldBe(DiagnosticReport.DiagnosticReportStatus.Final);
        report.Result.Count.ShouldBe(3);
        report.Issued.ShouldBe(new DateTimeOffset(2015, 6, 1, 18, 11, 0, TimeSpan.Zero));
        EntryOf<DiagnosticReport>(mapped).Request.Url.ShouldBe("DiagnosticReport?identifier=urn:fhirchain:v2:assigning-authority:LabFac|LAB4432");

        var observations = mapped.Transaction.Entry.Where(e => e.Resource is Observation).ToList();
        observations.Count.ShouldBe(3);
        observations[0].Request.Url.ShouldBe("Observation?identifier=urn:fhirchain:v2:assigning-authority:LabFac|LAB4432-1");
        var first = (Observation)observations[0].Resource;
        first.Status.ShouldBe(ObservationStatus.Final);
        var quantity = first.Value.ShouldBeOfType<Quantity>();
        quantity.Value.ShouldBe(3.9m);
        quantity.Code.ShouldBe("kU/L");
        quantity.System.ShouldBe("http://unitsofmeasure.org");
        first.Interpretation[0].Coding[0].Code.ShouldBe("A");
        first.ReferenceRange[0].High.Value.ShouldBe(0.10m);
        first.Effective.ShouldBeOfType<FhirDateTime>().Value.ShouldBe("2015-06-01T16:08:00+00:00");
        var third = (Observation)observations[2].Resource;
        var comparator = third.Value.ShouldBeOfType<Quantity>();
        comparator.Comparator.ShouldBe(Quantity.QuantityComparator.LessThan);
        comparator.Value.ShouldBe(0.10m);

        var patient = Single<Patient>(mapped);
        patient.Identifier[0].System.ShouldBe("urn:fhirchain:v2:assigning-authority:OrdOrg"); // "3.4.5.6.7" is not a valid OID
        patient.BirthDate.ShouldBe("1970-06-01");
    }

    [Theory]
    [InlineData("NM", "7.5", "mmol/L", typeof(Quantity))]
    [InlineData("ST", "positive", "", typeof(FhirString))]
    [InlineData("TX", "line one", "", typeof(FhirString))]
    [InlineData("CWE", "260385009^Negative^SCT", "", typeof(CodeableConcept))]
    [InlineData("SN", "^10^-^20", "mg", typeof(Hl7.Fhir.Model.Range))]
    [InlineData("SN", "^1^:^128", "", typeof(Ratio))]
    [InlineData("DT", "20250102", "", typeof(FhirDateTime))]
    [InlineData("TS", "202501020304", "", typeof(FhirDateTime))]
    public void Obx_value_types_map_to_value_x(string type, string value, string units, Type expected)
    {
        var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, Header, "ORU^R01", 5) + Pid
            + "OBR|1|P1|F1^LAB|1234-5^Panel^LN|||20250101\r"
            + $"OBX|1|{type}|5678-9^Thing^LN||{value}|{units}|1-10|H|||C\r";

        var observation = Single<Observation>(MapOk(text));

        observation.Value.ShouldBeOfType(expected);
        observation.Status.ShouldBe(ObservationStatus.Corrected);
        observation.Interpretation[0].Coding[0].Code.ShouldBe("H");
        observation.ReferenceRange[0].Low.Value.ShouldBe(1m);
        observation.ReferenceRange[0].High.Value.ShouldBe(10m);
    }

    [Fact]
    public void Ig_benchmark_adt_a01_agrees_with_the_igs_sample_bundle()
    {
        var mapped = MapOk(SampleFiles.Read("hl7-v2-to-fhir-ig/benchmark-messages/ADT_A01.hl7"));
        using var sample = JsonDocument.Parse(SampleFiles.Read("hl7-v2-to-fhir-ig/samples/fhir-bundles/FHIR_bundle.hl7_ADT_A01.json"));
        var samplePatient = sample.RootElement.GetProperty("entry").EnumerateArray()
            .Select(e => e.GetProperty("resource")).First(r => r.GetProperty("resourceType").GetString() == "Patient");
        var sampleEncounter = sample.RootElement.GetProperty("entry").EnumerateArray()
            .Select(e => e.GetProperty("resource")).First(r => r.GetProperty("resourceType").GetString() == "Encounter");

        var patient = Single<Patient>(mapped);
        patient.Identifier[0].Value.ShouldBe(samplePatient.GetProperty("identifier")[0].GetProperty("value").GetString());
        patient.Name[0].Family.ShouldBe(samplePatient.GetProperty("name")[0].GetProperty("family").GetString());
        patient.Name[0].Use.ShouldBe(HumanName.NameUse.Official);
        patient.Name[1].Use.ShouldBe(HumanName.NameUse.Maiden);
        patient.Gender.ShouldBe(AdministrativeGender.Female);
        patient.BirthDate.ShouldBe("1970-06-01");
        patient.MaritalStatus.Coding[0].Code.ShouldBe("M");
        patient.Address[0].Line.ShouldBe(["1000 House Lane", "Appt 123"]);
        patient.Address[0].Use.ShouldBe(Address.AddressUse.Home);
        patient.Contact[0].Name.Family.ShouldBe("Everyone");

        var encounter = Single<Encounter>(mapped);
        encounter.Class.Code.ShouldBe(sampleEncounter.GetProperty("class").GetProperty("code").GetString());
        encounter.Identifier[0].Value.ShouldBe(sampleEncounter.GetProperty("identifier")[0].GetProperty("value").GetString());
        encounter.Status.ShouldBe(Encounter.EncounterStatus.InProgress);
    }

    [Theory]
    [InlineData("ORM^O01")]
    [InlineData("ADT^A17")]
    public void Unsupported_message_type_is_rejected_with_err_200(string type)
    {
        var message = ((Er7Parsed)Er7Parser.Parse(string.Format(System.Globalization.CultureInfo.InvariantCulture, Header, type, 6) + Pid)).Message;

        var failure = new V2ToFhirMapper().Map(message).ShouldBeOfType<V2MappingFailure>();

        failure.Code.ShouldBe(AckCode.AR);
        failure.Errors.Single().Code.ShouldBe(Hl7ErrorCode.UnsupportedMessageType);
    }

    [Fact]
    public void Pid_without_identifier_is_an_application_error_naming_pid_3()
    {
        var message = ((Er7Parsed)Er7Parser.Parse(string.Format(System.Globalization.CultureInfo.InvariantCulture, Header, "ADT^A01", 7) + "PID|1||||Doe^John\r")).Message;

        var failure = new V2ToFhirMapper().Map(message).ShouldBeOfType<V2MappingFailure>();

        failure.Code.ShouldBe(AckCode.AE);
        var error = failure.Errors.Single();
        error.Code.ShouldBe(Hl7ErrorCode.RequiredFieldMissing);
        error.Location.ShouldBe("PID^2^3");
    }
}
