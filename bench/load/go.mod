module dtaas.org/bench/load

go 1.19
