module dtaas.org/netbridge

go 1.19
