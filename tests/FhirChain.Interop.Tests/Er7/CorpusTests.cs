using FhirChain.Interop.Er7;

namespace FhirChain.Interop.Tests.Er7;

public sealed class CorpusTests
{
    [Theory]
    [InlineData("python-hl7/sample_hl7.hl7", "ORU", "R01", 5)]
    [InlineData("python-hl7/rep_sample_hl7.hl7", "ORU", "R01", 0)]
    [InlineData("python-hl7/sample_msh.hl7", "ADT", "A01", 0)]
    [InlineData("rethinkhealth-hl7v2/fixtures/adt-a01-basic.hl7", "ADT", "A01", 0)]
    [InlineData("rethinkhealth-hl7v2/fixtures/adt-a01-full.hl7", "ADT", "A01", 0)]
    [InlineData("rethinkhealth-hl7v2/fixtures/dft-p03-charge.hl7", "DFT", "P03", 0)]
    [InlineData("rethinkhealth-hl7v2/fixtures/edge-crlf-line-endings.hl7", "ADT", "A01", 0)]
    [InlineData("rethinkhealth-hl7v2/fixtures/edge-empty-segments.hl7", "ADT", "A01", 0)]
    [InlineData("rethinkhealth-hl7v2/fixtures/edge-escaped-delimiters.hl7", "ADT", "A01", 3)]
    [InlineData("rethinkhealth-hl7v2/fixtures/edge-field-repetitions.hl7", "ADT", "A01", 0)]
    [InlineData("rethinkhealth-hl7v2/fixtures/edge-non-ascii.hl7", "ADT", "A01", 0)]
    [InlineData("rethinkhealth-hl7v2/fixtures/edge-z-segments.hl7", "ADT", "A01", 0)]
    [InlineData("rethinkhealth-hl7v2/fixtures/invalid-trailing-empty-fields.hl7", "ADT", "A01", 3)]
    [InlineData("rethinkhealth-hl7v2/fixtures/mdm-t02-document.hl7", "MDM", "T02", 0)]
    [InlineData("rethinkhealth-hl7v2/fixtures/orm-o01-order.hl7", "ORM", "O01", 0)]
    [InlineData("rethinkhealth-hl7v2/fixtures/oru-r01-lab.hl7", "ORU", "R01", 0)]
    [InlineData("rethinkhealth-hl7v2/fixtures/siu-s12-schedule.hl7", "SIU", "S12", 0)]
    [InlineData("linuxforhealth-hl7v2-fhir-converter/ORU-multiline-short.hl7", "ORU", "R01", 0)]
    [InlineData("linuxforhealth-hl7v2-fhir-converter/ORU-multiline-short-mixed.hl7", "ORU", "R01", 0)]
    [InlineData("efferent-hl7-v2/Sample-ADT.txt", "ADT", "O01", 0)]
    [InlineData("efferent-hl7-v2/Sample-ORM.txt", "ORM", "O01", 0)]
    [InlineData("hapi-hl7v2/parser/adt_a03.txt", "ADT", "A03", 0)]
    [InlineData("hapi-hl7v2/parser/cv.04_001_chem.hl7", "ERP", "Z99", 0)]
    [InlineData("hapi-hl7v2/parser/omd_o03.txt", "OMD", "O03", 0)]
    [InlineData("hapi-hl7v2/parser/omd_o03_rep.txt", "OMD", "O03", 0)]
    [InlineData("nhapi/Parser/adt_a03.txt", "ADT", "A03", 0)]
    [InlineData("hl7-v2-to-fhir-ig/benchmark-messages/ADT_A01.hl7", "ADT", "A01", 11)]
    [InlineData("hl7-v2-to-fhir-ig/benchmark-messages/ORU_R01.hl7", "ORU", "R01", 11)]
    [InlineData("hl7-v2-to-fhir-ig/benchmark-messages/MDM_T02.hl7", "MDM", "T02", 0)]
    [InlineData("hl7-v2-to-fhir-ig/benchmark-messages/SIU_S12.hl7", "SIU", "S12", 0)]
    [InlineData("hl7-v2-to-fhir-ig/benchmark-messages/VXU_V04.hl7", "VXU", "V04", 0)]
    [InlineData("hl7-v2-to-fhir-ig/benchmark-messages/ORM_O01.hl7", "ORM", "O01", 0)]
    [InlineData("hl7-v2-to-fhir-ig/benchmark-messages/OML_O21.hl7", "OML", "O21", 0)]
    public void Well_formed_sample_parses_with_its_message_type(string path, string type, string trigger, int segmentCount)
    {
        var result = Er7Parser.Parse(SampleFiles.Read(path));

        result.TryGetMessage(out var message, out var error).ShouldBeTrue(error?.ToString());
        message.MessageType.ShouldBe(type);
        message.TriggerEvent.ShouldBe(trigger);
        message.Segments[0].Id.ShouldBe("MSH");
        if (segmentCount > 0)
        {
            message.Segments.Count.ShouldBe(segmentCount);
        }
    }

    [Theory]
    [InlineData("rethinkhealth-hl7v2/fixtures/invalid-missing-msh.hl7", "PID", null)]
    [InlineData("rethinkhealth-hl7v2/fixtures/invalid-segment-header-length.hl7", "PIDX", null)]
    [InlineData("rethinkhealth-hl7v2/fixtures/invalid-wrong-version.hl7", "MSH", 12)]
    // Upstream writes MSH-2 as Java source would: "^~\\&" repeats the escape character.
    [InlineData("linuxforhealth-hl7v2-fhir-converter/sample_unix.hl7", "MSH", 2)]
    [InlineData("linuxforhealth-hl7v2-fhir-converter/sample_win.hl7", "MSH", 2)]
    public void Invalid_sample_gives_an_error_naming_segment_and_field(string path, string segment, int? field)
    {
        var result = Er7Parser.Parse(SampleFiles.Read(path));

        var error = result.ShouldBeOfType<Er7ParseError>();
        error.Segment.ShouldBe(segment);
        error.Field.ShouldBe(field);
    }

    public static TheoryData<string> RejectedBadInputs() =>
        [.. SampleFiles.Under("nhapi/BadInputs").Where(p => !p.Contains("NoException", StringComparison.Ordinal))];

    public static TheoryData<string> AllBadInputs() => [.. SampleFiles.Under("nhapi/BadInputs")];

    [Theory]
    [MemberData(nameof(RejectedBadInputs))]
    public void Fuzzed_bad_input_gives_a_typed_error(string path)
    {
        var result = Er7Parser.ParseCore(SampleFiles.Read(path), Er7ParserOptions.Default);

        result.ShouldBeOfType<Er7ParseError>().Message.ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [MemberData(nameof(AllBadInputs))]
    public void Fuzzed_input_never_throws_in_parse_or_batch_parse(string path)
    {
        var text = SampleFiles.Read(path);

        Should.NotThrow(() => Er7Parser.ParseCore(text, Er7ParserOptions.Default));
        Should.NotThrow(() => Er7Parser.ParseBatch(text));
    }

    [Fact]
    public void Random_byte_mutations_of_samples_never_throw()
    {
        var random = new Random(20261125);
        string[] seeds =
        [
            SampleFiles.Read("hl7-v2-to-fhir-ig/benchmark-messages/ORU_R01.hl7"),
            SampleFiles.Read("hl7-v2-to-fhir-ig/benchmark-messages/ADT_A01.hl7"),
            SampleFiles.Read("rethinkhealth-hl7v2/fixtures/edge-escaped-delimiters.hl7"),
            SampleFiles.Read("rethinkhealth-hl7v2/fixtures/edge-custom-delimiters.hl7"),
        ];
        const string alphabet = "|^~\\&#\r\nXMSH0.+-\u0000\u001c\u000bAZ";
        var mapper = new FhirChain.Interop.Mapping.V2ToFhirMapper();
        var parsed = 0;
        for (var i = 0; i < 3000; i++)
        {
            var chars = seeds[i % seeds.Length].ToCharArray();
            var edits = random.Next(1, 8);
            for (var e = 0; e < edits; e++)
            {
                var at = random.Next(chars.Length);
                chars[at] = random.Next(3) == 0 ? (char)random.Next(0, 0x3000) : alphabet[random.Next(alphabet.Length)];
            }

            var text = new string(chars, 0, random.Next(chars.Length / 2, chars.Length + 1));
            var result = Er7Parser.ParseCore(text, Er7ParserOptions.Default);
            if (result is Er7Parsed ok)
            {
                parsed++;
                _ = mapper.Map(ok.Message);
            }
        }

        parsed.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Uuencoded_escaped_payload_unescapes_to_its_pair()
    {
        var escaped = SampleFiles.Read("nhapi/Parser/uuencoded_escaped.txt");
        var unescaped = SampleFiles.Read("nhapi/Parser/uuencoded_unescaped.txt");

        var decoded = Er7Escaping.Unescape(escaped.Trim('\r', '\n'), Er7Delimiters.Default);

        decoded.ReplaceLineEndings("\n").TrimEnd('\n').ShouldBe(unescaped.Trim('\r', '\n').ReplaceLineEndings("\n"));
    }
}
