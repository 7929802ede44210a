Console.Error.WriteLine("the edge is being written");
return 1;
