using FhirChain.Interop.Er7;

namespace FhirChain.Interop.Tests.Er7;

public sealed class BatchTests
{
    [Theory]
    [InlineData("python-hl7/sample_batch.hl7", 1)]
    [InlineData("python-hl7/sample_batch1.hl7", 2)]
    [InlineData("python-hl7/sample_batch2.hl7", 2)]
    [InlineData("python-hl7/sample_batch3.hl7", 1)]
    [InlineData("python-hl7/sample_batch4.hl7", 1)]
    [InlineData("python-hl7/sample_file.hl7", 1)]
    [InlineData("python-hl7/sample_file1.hl7", 2)]
    [InlineData("python-hl7/sample_file2.hl7", 1)]
    [InlineData("python-hl7/sample_file3.hl7", 1)]
    [InlineData("python-hl7/sample_file4.hl7", 1)]
    [InlineData("python-hl7/sample_file5.hl7", 1)]
    [InlineData("python-hl7/sample_file6.hl7", 1)]
    public void Batch_file_yields_its_messages(string path, int minimumMessages)
    {
        var result = Er7Parser.ParseBatch(SampleFiles.Read(path));

        result.Errors.ShouldBeEmpty(string.Join("; ", result.Errors));
        result.Messages.Count.ShouldBeGreaterThanOrEqualTo(minimumMessages);
        result.Messages.ShouldAllBe(m => m.Segments[0].Id == "MSH");
    }

    [Theory]
    [InlineData("python-hl7/sample_bad_batch.hl7", "before message header")]
    [InlineData("python-hl7/sample_bad_file3.hl7", "before message header")]
    [InlineData("python-hl7/sample_bad_batch1.hl7", "second BHS")]
    [InlineData("python-hl7/sample_bad_file1.hl7", "second BHS")]
    [InlineData("python-hl7/sample_bad_file2.hl7", "second FHS")]
    [InlineData("python-hl7/sample_bad_file.hl7", "before message header")]
    public void Malformed_batch_is_reported(string path, string reason)
    {
        var result = Er7Parser.ParseBatch(SampleFiles.Read(path));

        result.IsValid.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.Message.Contains(reason, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Messages_without_control_id_in_a_file_are_reported_and_the_rest_parse()
    {
        var result = Er7Parser.ParseBatch(SampleFiles.Read("hapi-hl7v2/parser/example_oml_o21.hl7"));

        result.Messages.Count.ShouldBeGreaterThanOrEqualTo(4);
        result.Errors.ShouldNotBeEmpty();
        result.Errors.ShouldAllBe(e => e.Segment == "MSH" && e.Field == 10);
    }

    [Fact]
    public void Malformed_message_in_batch_does_not_hide_the_others()
    {
        const string text = "BHS|^~\\&|A\rMSH|^~\\&|A|B|C|D|20250101||ADT^A01|1|P|2.5\rPID|1||X\rMSH|^~\\&|A|B|C|D|20250101||ADT^A01||P|2.5\rMSH|^~\\&|A|B|C|D|20250101||ADT^A04|3|P|2.5\rBTS|3";

        var result = Er7Parser.ParseBatch(text);

        result.Messages.Select(m => m.ControlId).ShouldBe(["1", "3"]);
        var error = result.Errors.ShouldHaveSingleItem();
        error.Segment.ShouldBe("MSH");
        error.SegmentIndex.ShouldBe(4);
        error.Field.ShouldBe(10);
    }
}
