using FhirChain.Verify.Cli;

return VerifyCli.Run(args, Console.Out, Console.Error);
