// placeholder until the AWS layer lands
