// Started by Nabla.Distributed.Tests under mpirun: each rank runs every scenario and writes what it
// computed to OUTPUT_FOLDER/rank{N}.safetensors, which the tests check.
//   mpirun -np 2 dotnet Nabla.Distributed.Worker.dll OUTPUT_FOLDER
using Nabla.Distributed;
using Nabla.Distributed.Worker;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: mpirun -np N dotnet Nabla.Distributed.Worker.dll OUTPUT_FOLDER");
    return 2;
}
using var group = ProcessGroup.InitMpi();   // in every process that mpirun starts
Console.WriteLine($"rank {group.Rank} of {group.WorldSize}");
var results = new Results();
CollectiveScenario.Run(group, results);
DdpScenario.Run(group, results);
SamplerScenario.Run(group, results);
ErrorScenario.Run(group, results);
DocsScenario.Run(group, results, args[0]);
results.Save(Results.PathFor(args[0], group.Rank));
return 0;
